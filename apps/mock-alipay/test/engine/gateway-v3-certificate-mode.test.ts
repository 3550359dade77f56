import { publicKeyFromCertificate, verifyV3Response } from '@alipay-isv/core/signer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MockCertificateAuthority } from '../../src/certificate-authority.js'
import { newApp } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { callV3, type V3Call, type V3Result } from '../support/alipay-client.js'
import { inProcessEngine, sharedAlipayKeys } from '../support/in-process-engine.js'

const PATH = '/v3/alipay/open/auth/token/app'

type Emulator = ReturnType<typeof inProcessEngine>
const exchangeBody = async (emulator: Emulator, appId: string) => {
  const { app_auth_code } = await admin(emulator).authorize({ app_id: appId })
  return { grant_type: 'authorization_code', code: app_auth_code }
}

describe('v3 in certificate mode (docs/protocol.md §4, §5)', () => {
  let emulator: Emulator
  let keys: Record<string, string>
  beforeAll(async () => {
    const certificateAuthority = await MockCertificateAuthority.create({
      alipayPublicKey: sharedAlipayKeys().publicKey,
    })
    emulator = inProcessEngine({ certificateAuthority })
    keys = (await admin(emulator).call('GET', '/keys')).json as Record<string, string>
  })
  afterAll(() => emulator.engine.close())

  /** An app registered with a public key; the emulator issues its certificate. */
  const certificateApp = async () => {
    const appId = await newApp(emulator)
    const registered = (await admin(emulator).call('GET', '/apps')).json.apps as {
      app_id: string
      app_cert_sn: string
    }[]
    const appCertSn = registered.find((app) => app.app_id === appId)!.app_cert_sn
    return { appId, appCertSn }
  }
  /** A certificate-mode code exchange with a fresh code; `call` overrides any part of it. */
  const certificateExchange = async (appId: string, call: Partial<V3Call>) =>
    callV3(emulator, {
      appId,
      headers: { 'alipay-root-cert-sn': keys.alipay_root_cert_sn! },
      httpMethod: 'POST',
      pathWithQuery: PATH,
      body: await exchangeBody(emulator, appId),
      ...call,
    })
  /** What a certificate-mode client does: verify with the key of the certificate named by alipay-sn. */
  const verifiedByAlipayCertificate = (result: V3Result) =>
    result.headers.get('alipay-sn') === keys.alipay_cert_sn &&
    verifyV3Response(
      {
        timestamp: result.headers.get('alipay-timestamp') ?? '',
        nonce: result.headers.get('alipay-nonce') ?? '',
        signature: result.headers.get('alipay-signature') ?? '',
        body: result.text,
      },
      publicKeyFromCertificate(keys.alipay_public_cert!),
    )

  it('exchanges a code and queries the token, each answer signed by the certificate named in alipay-sn', async () => {
    const { appId, appCertSn } = await certificateApp()
    const exchanged = await certificateExchange(appId, { appCertSn })
    expect(exchanged.status).toBe(200)
    expect(verifiedByAlipayCertificate(exchanged)).toBe(true)
    const [token] = exchanged.data.tokens as { app_auth_token: string }[]
    const query = await callV3(emulator, {
      appId,
      appCertSn,
      headers: { 'alipay-root-cert-sn': keys.alipay_root_cert_sn! },
      httpMethod: 'GET',
      pathWithQuery: `${PATH}/query?app_auth_token=${token!.app_auth_token}`,
    })
    expect(query.data).toMatchObject({ status: 'valid' })
    expect(verifiedByAlipayCertificate(query)).toBe(true)
  })

  it.each([
    ['another', { 'alipay-root-cert-sn': '0123456789abcdef0123456789abcdef' }],
    ['no', {}],
  ])(
    '%s alipay-root-cert-sn gets a signed 400 invalid-parameter naming the emulator’s root SN',
    async (_, headers) => {
      const { appId, appCertSn } = await certificateApp()
      const result = await certificateExchange(appId, { appCertSn, headers })
      expect(result).toMatchObject({ status: 400, data: { code: 'invalid-parameter' } })
      expect(result.data.message).toContain(keys.alipay_root_cert_sn)
      expect(verifiedByAlipayCertificate(result)).toBe(true)
    },
  )

  it('an app_cert_sn other than the app’s certificate gets a signed 401 app-cert-not-exist', async () => {
    const { appId } = await certificateApp()
    const result = await certificateExchange(appId, {
      appCertSn: 'ffffffffffffffffffffffffffffffff',
    })
    expect(result).toMatchObject({ status: 401, data: { code: 'app-cert-not-exist' } })
    expect(verifiedByAlipayCertificate(result)).toBe(true)
  })

  it('the same app without app_cert_sn is answered in public-key mode, with no alipay-sn', async () => {
    const { appId } = await certificateApp()
    const result = await certificateExchange(appId, { headers: {} })
    expect(result).toMatchObject({ status: 200, verified: true })
    expect(result.headers.get('alipay-sn')).toBeNull()
  })
})
