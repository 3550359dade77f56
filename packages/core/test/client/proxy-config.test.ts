import { describe, expect, it } from 'vitest'
import { bypasses, proxyFor } from '../../src/client/proxy-config.js'

const GATEWAY = new URL('https://openapi.alipay.com/gateway.do')
const EMULATOR = new URL('http://127.0.0.1:9300/gateway.do')

describe('proxy choice', () => {
  it('takes https_proxy for an https gateway and http_proxy for an http one, lower case first', () => {
    const env = {
      https_proxy: 'http://lower:1',
      HTTPS_PROXY: 'http://upper:2',
      HTTP_PROXY: 'http://plain:3',
    }
    expect(proxyFor(GATEWAY, undefined, env)).toBe('http://lower:1/')
    expect(proxyFor(EMULATOR, undefined, env)).toBe('http://plain:3/')
  })

  it('reads a bare host:port as an http proxy', () => {
    expect(proxyFor(GATEWAY, undefined, { HTTPS_PROXY: 'proxy.internal:3128' })).toBe(
      'http://proxy.internal:3128/',
    )
  })

  it('prefers the proxy option over the environment, and false over both', () => {
    const env = { HTTPS_PROXY: 'http://env:1', NO_PROXY: '*' }
    expect(proxyFor(GATEWAY, 'http://option:2', env)).toBe('http://option:2/')
    expect(proxyFor(GATEWAY, false, env)).toBeUndefined()
  })

  it('applies NO_PROXY to environment proxies', () => {
    expect(
      proxyFor(GATEWAY, undefined, { HTTPS_PROXY: 'http://p:1', no_proxy: '.alipay.com' }),
    ).toBe(undefined)
  })
})

describe('NO_PROXY rules', () => {
  const cases: [string, URL, boolean][] = [
    ['*', GATEWAY, true],
    ['openapi.alipay.com', GATEWAY, true],
    ['alipay.com', GATEWAY, true],
    ['.alipay.com', GATEWAY, true],
    ['*.alipay.com', GATEWAY, true],
    ['pay.com', GATEWAY, false],
    ['example.com, openapi.alipay.com:443', GATEWAY, true],
    ['openapi.alipay.com:8443', GATEWAY, false],
    ['127.0.0.1:9300', EMULATOR, true],
    ['127.0.0.1:9301', EMULATOR, false],
    ['localhost 127.0.0.1', EMULATOR, true],
    ['[::1]:9300', new URL('http://[::1]:9300/gateway.do'), true],
    ['OpenAPI.Alipay.com', GATEWAY, true],
  ]
  for (const [rule, target, expected] of cases) {
    it(`${expected ? 'bypasses' : 'proxies'} ${target.host} for NO_PROXY="${rule}"`, () => {
      expect(bypasses(target, rule)).toBe(expected)
    })
  }
})
