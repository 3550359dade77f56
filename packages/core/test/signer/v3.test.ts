import { verify } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  parseV3Authorization,
  signV3Request,
  signV3Response,
  V3_AUTH_SCHEME,
  v3AuthString,
  v3SignContent,
  verifyV3Request,
  verifyV3Response,
} from '../../src/signer/v3.js'
import { rsaKeyForms } from './fixtures.js'

const app = rsaKeyForms('app')
const alipay = rsaKeyForms('alipay')

const fields = {
  appId: '2021000000000001',
  appCertSn: '866efef280dec9137a87d047ac446315',
  nonce: 'n0nce',
  timestamp: 1715593760000,
  extensions: { expired_seconds: 600, region: 'cn' },
}
const request = {
  method: 'post',
  pathWithQuery: '/v3/alipay/open/auth/token/app',
  body: '{"grant_type":"authorization_code","code":"P5f8"}',
  appAuthToken: '202405BBtoken',
}

afterEach(() => {
  vi.useRealTimers()
})

describe('v3AuthString (docs/protocol.md §4)', () => {
  it('writes app_id, app_cert_sn, nonce, timestamp, then the extension fields in order', () => {
    expect(v3AuthString(fields)).toBe(
      'app_id=2021000000000001,app_cert_sn=866efef280dec9137a87d047ac446315,nonce=n0nce,timestamp=1715593760000,expired_seconds=600,region=cn',
    )
  })

  it('leaves app_cert_sn out in public-key mode', () => {
    expect(v3AuthString({ appId: '1', nonce: 'n', timestamp: 5 })).toBe(
      'app_id=1,nonce=n,timestamp=5',
    )
  })

  it('fills in a fresh random nonce and the current epoch milliseconds', () => {
    vi.useFakeTimers({ now: 1715593760123 })
    const first = v3AuthString({ appId: '1' })
    const second = v3AuthString({ appId: '1' })
    expect(first).toMatch(/^app_id=1,nonce=[0-9a-f]{32},timestamp=1715593760123$/)
    expect(first).not.toBe(second)
  })
})

describe('v3SignContent (docs/protocol.md §4)', () => {
  it('joins auth, upper-case method, path, body and the app auth token, each ending in \\n', () => {
    expect(v3SignContent('AUTH', request)).toBe(
      `AUTH\nPOST\n${request.pathWithQuery}\n${request.body}\n202405BBtoken\n`,
    )
  })

  it('keeps an empty body line and drops the token line when there is no token', () => {
    const query = { method: 'GET', pathWithQuery: '/v3/x/query?app_auth_token=a%2Bb' }
    expect(v3SignContent('AUTH', query)).toBe('AUTH\nGET\n/v3/x/query?app_auth_token=a%2Bb\n\n')
  })
})

describe('signV3Request and verifyV3Request', () => {
  const signed = signV3Request(fields, request, app.privateKey)
  const parsed = parseV3Authorization(signed.authorization)!

  it('writes the authorization header as scheme, auth string and sign', () => {
    expect(signed.authorization).toMatch(
      new RegExp(`^${V3_AUTH_SCHEME} ${v3AuthString(fields)},sign=[A-Za-z0-9+/]+=*$`),
    )
  })

  it('signs exactly the content it reports, with SHA256withRSA', () => {
    const signature = Buffer.from(parsed.sign, 'base64')
    const content = Buffer.from(signed.signedContent, 'utf8')
    expect(verify('sha256', content, app.publicKey, signature)).toBe(true)
  })

  it('parses its own header back into scheme, fields and sign', () => {
    expect(parsed).toEqual({
      scheme: V3_AUTH_SCHEME,
      authString: v3AuthString(fields),
      fields: {
        app_id: '2021000000000001',
        app_cert_sn: '866efef280dec9137a87d047ac446315',
        nonce: 'n0nce',
        timestamp: '1715593760000',
        expired_seconds: '600',
        region: 'cn',
      },
      sign: parsed.sign,
    })
  })

  it('verifies the request it signed (gateway side)', () => {
    expect(verifyV3Request(parsed, request, app.publicKey)).toBe(true)
  })

  it.each([
    ['the body', { ...request, body: '{"grant_type":"refresh_token"}' }],
    ['the path', { ...request, pathWithQuery: `${request.pathWithQuery}?x=1` }],
    ['the method', { ...request, method: 'PUT' }],
    ['the app auth token', { ...request, appAuthToken: 'other' }],
    ['the presence of the app auth token', { ...request, appAuthToken: undefined }],
  ])('rejects the request when %s changed', (_what, changed) => {
    expect(verifyV3Request(parsed, changed, app.publicKey)).toBe(false)
  })

  it('rejects a header whose extension fields were changed, since they are signed too', () => {
    const tampered = parseV3Authorization(signed.authorization.replace('=600', '=6000'))!
    expect(verifyV3Request(tampered, request, app.publicKey)).toBe(false)
  })

  it.each([
    ['no space after the scheme', 'ALIPAY-SHA256withRSA'],
    ['no sign', `${V3_AUTH_SCHEME} app_id=1,nonce=n,timestamp=1`],
    ['a field without a value separator', `${V3_AUTH_SCHEME} app_id,sign=QUJD`],
  ])('does not parse a header with %s', (_case, header) => {
    expect(parseV3Authorization(header)).toBeUndefined()
  })
})

describe('v3 responses (docs/protocol.md §4)', () => {
  const timestamp = '1715593760123'
  const nonce = 'a1b2c3'

  it.each([
    ['a success body', '{"app_auth_token":"202405BB","user_id":"2088中文😀"}'],
    ['an error body', '{"code":"AUTH_CODE_NOT_VALID","message":"授权码无效","links":[]}'],
    ['an empty body', ''],
  ])('verifies %s over timestamp, nonce and the raw body', (_case, body) => {
    const signature = signV3Response(timestamp, nonce, body, alipay.privateKey)
    expect(verifyV3Response({ timestamp, nonce, body, signature }, alipay.publicKey)).toBe(true)
  })

  it('rejects a changed body, nonce or timestamp, and a sign from another key', () => {
    const body = '{"code":"APP_NOT_ISV","message":"x"}'
    const signature = signV3Response(timestamp, nonce, body, alipay.privateKey)
    const response = { timestamp, nonce, body, signature }
    expect(verifyV3Response({ ...response, body: `${body} ` }, alipay.publicKey)).toBe(false)
    expect(verifyV3Response({ ...response, nonce: 'other' }, alipay.publicKey)).toBe(false)
    expect(verifyV3Response({ ...response, timestamp: '1' }, alipay.publicKey)).toBe(false)
    expect(verifyV3Response(response, app.publicKey)).toBe(false)
  })

  it('rejects a signature header that is not base64 without throwing', () => {
    const response = { timestamp, nonce, body: '{}', signature: 'not base64!' }
    expect(verifyV3Response(response, alipay.publicKey)).toBe(false)
  })
})
