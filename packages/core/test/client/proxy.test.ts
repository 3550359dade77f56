import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { AlipayClient } from '../../src/client/alipay-client.js'
import { proxiedFetch } from '../../src/client/proxy-fetch.js'
import { AlipayConfigError } from '../../src/errors.js'
import { issueCert } from '../cert-factory.js'
import { clientOptions } from '../mocks.js'
import { startForwardProxy } from '../support/forward-proxy.js'
import { startLoopbackGateway } from '../support/loopback-gateway.js'

/** Gateway calls through a real proxy on loopback, chosen by options or the environment. */
let proxy: Awaited<ReturnType<typeof startForwardProxy>>
let alipay: Awaited<ReturnType<typeof startLoopbackGateway>>

beforeAll(async () => {
  proxy = await startForwardProxy()
  alipay = await startLoopbackGateway()
})

afterEach(() => {
  vi.unstubAllEnvs()
  proxy.hits.length = 0
})

afterAll(async () => {
  await proxy.close()
  await alipay.close()
})

const client = (overrides: Parameters<typeof clientOptions>[0] = {}) =>
  new AlipayClient(clientOptions({ gateway: alipay.gateway, ...overrides }))

function stubProxyEnv(values: Record<string, string>) {
  for (const name of [
    'http_proxy',
    'HTTP_PROXY',
    'https_proxy',
    'HTTPS_PROXY',
    'no_proxy',
    'NO_PROXY',
  ]) {
    vi.stubEnv(name, values[name] ?? '')
  }
}

describe('proxies', () => {
  it('sends gateway calls through the proxy given as an option', async () => {
    await expect(client({ proxy: proxy.url }).queryToken('token')).resolves.toMatchObject({
      status: 'valid',
    })
    expect(proxy.hits).toEqual([{ method: 'POST', target: alipay.gateway }])
  })

  it('sends gateway calls through HTTP_PROXY from the environment', async () => {
    stubProxyEnv({ HTTP_PROXY: proxy.url })
    await client().queryToken('token')
    expect(proxy.hits).toHaveLength(1)
  })

  it('connects directly to a host NO_PROXY lists', async () => {
    stubProxyEnv({ HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' })
    const before = alipay.requests()
    await client().queryToken('token')
    expect(proxy.hits).toHaveLength(0)
    expect(alipay.requests()).toBe(before + 1)
  })

  it('ignores the environment with proxy: false', async () => {
    stubProxyEnv({ HTTP_PROXY: proxy.url })
    await client({ proxy: false }).queryToken('token')
    expect(proxy.hits).toHaveLength(0)
  })

  it('keeps connections to the proxy alive across sequential calls', async () => {
    const before = proxy.connections()
    const proxied = client({ proxy: proxy.url })
    for (let call = 0; call < 10; call++) await proxied.queryToken('token')
    expect(proxy.hits).toHaveLength(10)
    // undici may open a second socket while the first is being released; never one per call.
    expect(proxy.connections() - before).toBeLessThanOrEqual(2)
  })

  it('leaves an injected fetch alone, and refuses proxy together with it', () => {
    stubProxyEnv({ HTTP_PROXY: 'not a url at all' })
    expect(() => client({ fetch: globalThis.fetch })).not.toThrow()
    expect(() => client({ fetch: globalThis.fetch, proxy: proxy.url })).toThrow(AlipayConfigError)
  })

  it('refuses a malformed proxy URL at construction without showing its password', () => {
    stubProxyEnv({ HTTPS_PROXY: 'ftp://user:s3cret@proxy:21' })
    const build = () => new AlipayClient(clientOptions())
    expect(build).toThrow(AlipayConfigError)
    expect(build).toThrow(/HTTPS_PROXY/)
    expect(build).not.toThrow(/s3cret/)
  })

  it('tunnels HTTPS through CONNECT', async () => {
    const server = issueCert('127.0.0.1')
    const key = server.keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
    const secure = await startLoopbackGateway({ cert: server.pem, key })
    try {
      const target = new URL(secure.gateway)
      const fetchThroughProxy = proxiedFetch(proxy.url, target, {
        ca: server.pem,
        checkServerIdentity: () => undefined,
      })
      const response = await fetchThroughProxy(secure.gateway, { method: 'POST', body: '' })
      expect(response.status).toBe(200)
      expect(proxy.hits).toEqual([{ method: 'CONNECT', target: target.host }])
    } finally {
      await secure.close()
    }
  })
})
