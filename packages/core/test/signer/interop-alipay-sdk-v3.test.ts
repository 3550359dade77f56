import { AlipayRequestError, AlipaySdk } from 'alipay-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aesDecrypt, aesEncrypt } from '../../src/signer/aes.js'
import { certificateSn, rootCertificateSn } from '../../src/signer/certs.js'
import { parseV3Authorization, signV3Response, verifyV3Request } from '../../src/signer/v3.js'
import { HOST_ZONES, useHostZone } from '../support/host-zones.js'
import { readVectorFile, readVectors, rsaKeyForms } from './fixtures.js'
import { type CapturedRequest, type LocalGateway, startLocalGateway } from './local-gateway.js'

const app = rsaKeyForms('app')
const alipay = rsaKeyForms('alipay')
const { aes } = readVectors()
const PATH = '/v3/alipay/open/auth/token/app'
const APP_CERT = 'certs/appCertPublicKey_2021001161683774.crt'
const ALIPAY_CERT = 'certs/alipayCertPublicKey_RSA2.crt'
const ROOT_CERT = 'certs/alipayRootCert.crt'

let gateway: LocalGateway
let sdk: AlipaySdk

beforeAll(async () => {
  gateway = await startLocalGateway()
  sdk = new AlipaySdk({
    appId: '2021000000000001',
    privateKey: app.pkcs8Pem,
    keyType: 'PKCS8',
    alipayPublicKey: alipay.spkiPem,
    endpoint: gateway.origin,
    encryptKey: aes.key,
    additionalAuthInfo: 'expired_seconds=600',
  })
})

afterAll(async () => {
  await gateway.close()
})

/** Verifies a captured request the gateway's way, with the app's public key. */
function verifiedByUs(request: CapturedRequest): boolean {
  const authorization = parseV3Authorization(String(request.headers.authorization))
  if (!authorization) return false
  const appAuthToken = request.headers['alipay-app-auth-token']
  return verifyV3Request(
    authorization,
    {
      method: request.method,
      pathWithQuery: request.url,
      body: request.body,
      appAuthToken: typeof appAuthToken === 'string' ? appAuthToken : undefined,
    },
    app.publicKey,
  )
}

/** A reply signed as Alipay signs one (docs/protocol.md §4), optionally with a broken signature. */
function signedReply(body: string, status = 200, breakSignature = false) {
  const timestamp = '1715593760123'
  const nonce = 'f3a1c9'
  const signature = signV3Response(timestamp, nonce, body, alipay.privateKey)
  return {
    status,
    headers: {
      'alipay-timestamp': timestamp,
      'alipay-nonce': nonce,
      'alipay-signature': breakSignature ? brokenSignature(signature) : signature,
      'alipay-trace-id': 'trace-1',
    },
    body,
  }
}

/** Another first character, so the signature really changes whatever the key produced. */
function brokenSignature(signature: string): string {
  return `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`
}

// alipay-sdk prints `timestamp` in the host's zone: the same bytes whatever the zone.
describe.each(HOST_ZONES)('in $name', ({ zone }) => {
  useHostZone(zone)

  describe('v3 requests signed by alipay-sdk verify with verifyV3Request', () => {
    it('for a POST with a unicode body, an app auth token and an extension field', async () => {
      let captured: CapturedRequest | undefined
      gateway.answer((request) => {
        captured = request
        return signedReply('{"app_auth_token":"202405BB"}')
      })
      const body = { grant_type: 'authorization_code', code: 'P5f8 中文 😀' }
      await sdk.curl('POST', PATH, { body, appAuthToken: '202405AAtoken' })
      expect(captured && verifiedByUs(captured)).toBe(true)
      const fields = parseV3Authorization(String(captured?.headers.authorization))?.fields
      expect(fields?.expired_seconds).toBe('600')
    })

    it('for a GET whose query string carries an encoded token', async () => {
      let captured: CapturedRequest | undefined
      gateway.answer((request) => {
        captured = request
        return signedReply('{"status":"valid"}')
      })
      const query = { app_auth_token: '202405+BB/中' }
      await sdk.curl('GET', `${PATH}/query`, { query })
      expect(captured?.url).toContain('?app_auth_token=')
      expect(captured && verifiedByUs(captured)).toBe(true)
    })

    it('for an AES-encrypted body, which we decrypt, and whose encrypted reply it decrypts', async () => {
      let plaintext: string | undefined
      let verified = false
      gateway.answer((request) => {
        verified = verifiedByUs(request)
        plaintext = aesDecrypt(request.body, aes.key)
        return signedReply(aesEncrypt('{"user_id":"2088中文"}', aes.key))
      })
      const result = await sdk.curl('POST', PATH, { body: { code: '中文' }, needEncrypt: true })
      expect(verified).toBe(true)
      expect(plaintext).toBe('{"code":"中文"}')
      expect(result.data).toEqual({ user_id: '2088中文' })
    })
  })

  describe('v3 responses signed by signV3Response verify with alipay-sdk', () => {
    it('for a success body with unicode', async () => {
      gateway.answer(() => signedReply('{"app_auth_token":"202405BB","msg":"成功 😀"}'))
      const result = await sdk.curl('POST', PATH, { body: { grant_type: 'refresh_token' } })
      expect(result.data).toEqual({ app_auth_token: '202405BB', msg: '成功 😀' })
    })

    it('and alipay-sdk rejects a reply whose signature was broken, so the check is real', async () => {
      gateway.answer(() => signedReply('{"app_auth_token":"202405BB"}', 200, true))
      const failure = sdk.curl('POST', PATH, { body: {} })
      await expect(failure).rejects.toMatchObject({ code: 'response-signature-verify-error' })
    })
  })

  describe('certificate mode agrees with alipay-sdk', () => {
    const certSdk = () =>
      new AlipaySdk({
        appId: '2021001161683774',
        privateKey: app.pkcs1Pem,
        endpoint: gateway.origin,
        appCertContent: readVectorFile(APP_CERT),
        alipayPublicCertContent: readVectorFile(ALIPAY_CERT),
        alipayRootCertContent: readVectorFile(ROOT_CERT),
      })

    it('on app_cert_sn, the Alipay cert SN and alipay_root_cert_sn', () => {
      const { config } = certSdk()
      expect(config.appCertSn).toBe(certificateSn(readVectorFile(APP_CERT)))
      expect(config.alipayCertSn).toBe(certificateSn(readVectorFile(ALIPAY_CERT)))
      expect(config.alipayRootCertSn).toBe(rootCertificateSn(readVectorFile(ROOT_CERT)))
    })

    it('on a v3 request carrying app_cert_sn and alipay-root-cert-sn, which we verify', async () => {
      let captured: CapturedRequest | undefined
      gateway.answer((request) => {
        captured = request
        // An error reply: the SDK verifies only successes, and Alipay's real cert key is not ours.
        return { status: 400, body: '{"code":"AUTH_CODE_NOT_VALID","message":"x"}' }
      })
      const failure = certSdk().curl('POST', PATH, { body: { code: 'c' } })
      await expect(failure).rejects.toBeInstanceOf(AlipayRequestError)
      const fields = parseV3Authorization(String(captured?.headers.authorization))?.fields
      expect(fields?.app_cert_sn).toBe(certificateSn(readVectorFile(APP_CERT)))
      expect(captured?.headers['alipay-root-cert-sn']).toBe(
        rootCertificateSn(readVectorFile(ROOT_CERT)),
      )
      expect(captured && verifiedByUs(captured)).toBe(true)
    })
  })
})
