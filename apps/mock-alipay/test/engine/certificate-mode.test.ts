import { AlipaySdk } from 'alipay-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HOST_ZONES, useHostZone } from '../../../../packages/core/test/support/host-zones.js'
import { MockCertificateAuthority } from '../../src/certificate-authority.js'
import { MockAlipayEngine } from '../../src/index.js'
import { admin } from '../support/admin.js'
import { callV2, testAppKeys } from '../support/alipay-client.js'
import { sharedAlipayKeys } from '../support/in-process-engine.js'
import { serveOnLoopback } from '../support/node-bridge.js'

/**
 * Certificate mode (docs/protocol.md §5) end to end: the official SDK holding the three
 * certificates.
 */
const APP_ID = '2021000000000077'
const TOKEN = 'alipay.open.auth.token.app'
const QUERY = 'alipay.open.auth.token.app.query'
let engine: MockAlipayEngine
let alipayCertSn: string
let server: { url: string; close(): Promise<void> }

beforeAll(async () => {
  const alipayKeys = sharedAlipayKeys()
  const certificateAuthority = await MockCertificateAuthority.create({
    alipayPublicKey: alipayKeys.publicKey,
  })
  alipayCertSn = certificateAuthority.alipayCertSn
  engine = new MockAlipayEngine({ alipayKeys, certificateAuthority })
  server = await serveOnLoopback(engine)
})

afterAll(async () => {
  await server.close()
  await engine.close()
})

async function certificateSdk(): Promise<AlipaySdk> {
  const emulator = admin({ baseUrl: server.url, fetch })
  const app = await emulator.registerApp({ app_id: APP_ID, public_key: testAppKeys().publicKeyPem })
  const keys = (await emulator.call('GET', '/keys')).json as Record<string, string>
  return new AlipaySdk({
    appId: APP_ID,
    privateKey: testAppKeys().privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    appCertContent: app.app_cert as string,
    alipayPublicCertContent: keys.alipay_public_cert!,
    alipayRootCertContent: keys.alipay_root_cert!,
    gateway: `${server.url}/gateway.do`,
    endpoint: server.url,
  })
}

// alipay-sdk prints `timestamp` in the host's zone: the emulator accepts every zone in use.
describe.each(HOST_ZONES)('certificate mode, in $name', ({ zone }) => {
  useHostZone(zone)
  it('alipay-sdk exchanges a code in v2 and v3 with the issued app certificate', async () => {
    const client = await certificateSdk()
    const { app_auth_code } = await admin({ baseUrl: server.url, fetch }).authorize({
      app_id: APP_ID,
    })
    const v2 = await client.exec(
      TOKEN,
      { bizContent: { grant_type: 'authorization_code', code: app_auth_code } },
      { validateSign: true },
    )
    expect(v2.code).toBe('10000')
    const [token] = v2.tokens as { appAuthToken: string }[]
    const v3 = await client.curl('GET', '/v3/alipay/open/auth/token/app/query', {
      query: { app_auth_token: token!.appAuthToken },
    })
    expect(v3.data).toMatchObject({ status: 'valid' })
  })

  it('an unknown app_cert_sn gets isv.app-cert-not-exist, signed and naming alipay_cert_sn', async () => {
    await certificateSdk()
    const params = { app_cert_sn: 'unknown-sn', alipay_root_cert_sn: 'x' }
    const result = await callV2(
      { baseUrl: server.url, fetch },
      { appId: APP_ID, method: QUERY, biz: { app_auth_token: 'x' }, params },
    )
    expect(result).toMatchObject({ verified: true, node: { sub_code: 'isv.app-cert-not-exist' } })
    expect(JSON.parse(result.body).alipay_cert_sn).toBe(alipayCertSn)
  })
})
