import { sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signV2Params, v2SignContent, verifyV2Params } from '../../src/signer/v2-request.js'
import { rsaKeyForms } from './fixtures.js'

const keys = rsaKeyForms('app')
const otherKeys = rsaKeyForms('stranger')

const tokenExchange = {
  app_id: '2021000000000001',
  method: 'alipay.open.auth.token.app',
  format: 'JSON',
  charset: 'utf-8',
  sign_type: 'RSA2',
  timestamp: '2024-05-13 17:49:20',
  version: '1.0',
  biz_content: '{"grant_type":"authorization_code","code":"P5f8a1c2e"}',
}

describe('v2SignContent (docs/protocol.md §3)', () => {
  it('sorts the names and joins name=value with &', () => {
    expect(v2SignContent(tokenExchange)).toBe(
      'app_id=2021000000000001&biz_content={"grant_type":"authorization_code","code":"P5f8a1c2e"}&charset=utf-8&format=JSON&method=alipay.open.auth.token.app&sign_type=RSA2&timestamp=2024-05-13 17:49:20&version=1.0',
    )
  })

  it('drops empty, null and undefined values but keeps 0 and false', () => {
    expect(v2SignContent({ b: '', c: null, d: undefined, e: 0, f: false, a: 'x', g: ' ' })).toBe(
      'a=x&e=0&f=false&g= ',
    )
  })

  it('excludes sign and keeps sign_type', () => {
    expect(v2SignContent({ sign: 'abc', sign_type: 'RSA2', app_id: '1' })).toBe(
      'app_id=1&sign_type=RSA2',
    )
  })

  it('sorts names by UTF-8 byte order, not by UTF-16 code units', () => {
    // U+FF01 is one UTF-16 unit above the surrogates of U+1F600, but its UTF-8 bytes sort first.
    const params = { '😀': '4', '！': '3', 中: '2', b: '1', a: '1', _: '0', B: '0' }
    expect(v2SignContent(params)).toBe('B=0&_=0&a=1&b=1&中=2&！=3&😀=4')
  })

  it('puts a name before every longer name it is a prefix of', () => {
    expect(v2SignContent({ app_id_x: '2', app: '0', app_id: '1' })).toBe(
      'app=0&app_id=1&app_id_x=2',
    )
  })

  it('keeps values raw: no URL encoding of &, =, %, +, spaces, Chinese or emoji', () => {
    const value = 'a&b=c %2B+ 中文 😀 "q"'
    expect(v2SignContent({ x: value })).toBe(`x=${value}`)
  })
})

describe('signV2Params', () => {
  const content = Buffer.from(v2SignContent(tokenExchange), 'utf8')

  it('signs the canonical string with SHA256withRSA for RSA2, as base64', () => {
    const expected = sign('sha256', content, keys.privateKey).toString('base64')
    expect(signV2Params(tokenExchange, keys.privateKey)).toBe(expected)
    expect(signV2Params(tokenExchange, keys.privateKey, 'RSA2')).toBe(expected)
  })

  it('signs with SHA1withRSA for the legacy RSA sign type', () => {
    const expected = sign('sha1', content, keys.privateKey).toString('base64')
    expect(signV2Params(tokenExchange, keys.privateKey, 'RSA')).toBe(expected)
  })

  it('gives the same signature for the same parameters in any insertion order', () => {
    const reversed = Object.fromEntries(Object.entries(tokenExchange).reverse())
    expect(signV2Params(reversed, keys.privateKey)).toBe(
      signV2Params(tokenExchange, keys.privateKey),
    )
  })

  it('signs the UTF-8 bytes of unicode values', () => {
    const params = { ...tokenExchange, biz_content: '{"note":"授权 ✅ 😀"}' }
    const expected = sign('sha256', Buffer.from(v2SignContent(params), 'utf8'), keys.privateKey)
    expect(signV2Params(params, keys.privateKey)).toBe(expected.toString('base64'))
  })
})

describe('verifyV2Params (gateway side)', () => {
  const signed = { ...tokenExchange, sign: signV2Params(tokenExchange, keys.privateKey) }

  it('accepts parameters carrying their own valid sign', () => {
    expect(verifyV2Params(signed, keys.publicKey)).toBe(true)
  })

  it('accepts a legacy RSA signature only when told the sign type', () => {
    const legacy = { ...tokenExchange, sign: signV2Params(tokenExchange, keys.privateKey, 'RSA') }
    expect(verifyV2Params(legacy, keys.publicKey, 'RSA')).toBe(true)
    expect(verifyV2Params(legacy, keys.publicKey, 'RSA2')).toBe(false)
  })

  it('rejects a changed value, a missing sign and a sign from another key', () => {
    expect(verifyV2Params({ ...signed, biz_content: '{}' }, keys.publicKey)).toBe(false)
    expect(verifyV2Params(tokenExchange, keys.publicKey)).toBe(false)
    expect(verifyV2Params(signed, otherKeys.publicKey)).toBe(false)
  })

  it('still verifies when an empty parameter is added, since empty values are not signed', () => {
    expect(verifyV2Params({ ...signed, notify_url: '' }, keys.publicKey)).toBe(true)
  })
})
