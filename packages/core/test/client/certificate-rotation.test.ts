import { describe, expect, it } from 'vitest'
import { AppAuth } from '../../src/auth/app-auth.js'
import { AlipayClient } from '../../src/client/alipay-client.js'
import { AlipaySignatureError } from '../../src/errors.js'
import { certificateSn } from '../../src/signer/certs.js'
import { signNotify } from '../../src/signer/notify.js'
import { issueCert, type TestCert } from '../cert-factory.js'
import {
  alipayKeys,
  appKeys,
  CERT_DOWNLOAD_METHOD,
  certContent,
  clientOptions,
  manualClock,
  useMockAlipay,
} from '../mocks.js'
import { spanTree, useInMemoryTelemetry } from '../support/otel.js'

const { alipay } = useMockAlipay()
const otel = useInMemoryTelemetry()

const root = issueCert('Test Alipay Root', { ca: true })
const intermediate = issueCert('Test Alipay Class 2', { ca: true, issuer: root })
const configured = issueCert('Alipay signer 1', { issuer: root, keys: alipayKeys })
const appCert = issueCert('ISV app', { issuer: root, keys: appKeys })
const rotated = issueCert('Alipay signer 2', { issuer: root })
const stranger = issueCert('Unknown CA', { ca: true })

const certificates = {
  appCert: appCert.pem,
  alipayPublicCert: configured.pem,
  alipayRootCert: root.pem,
}

function certClient(api: 'v2' | 'v3' = 'v2', clock = manualClock()) {
  return new AlipayClient(clientOptions({ alipayPublicKey: undefined, certificates, api, clock }))
}

/** From now on the mock signs with `cert`'s key and names its SN, and serves `served` for it. */
function rotateTo(cert: TestCert, served = cert.pem) {
  const sn = certificateSn(cert.pem)
  alipay.signing = { key: cert.keys.privateKey }
  alipay.certSn = sn
  alipay.certAnswer = (asked) => (asked === sn ? certContent(served) : { error: { code: '40004' } })
  return sn
}

const downloads = () => alipay.calls.filter((call) => call.method === CERT_DOWNLOAD_METHOD)

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(AlipaySignatureError)
  return error as Error
}

describe('certificate rotation', () => {
  it('downloads the certificate a v2 answer names, checks it, and trusts the answer', async () => {
    const sn = rotateTo(rotated)
    const client = certClient()
    await expect(client.exchangeCode('code')).resolves.toHaveLength(1)
    expect(downloads()).toHaveLength(1)
    expect(downloads()[0]?.grant).toEqual({ alipay_cert_sn: sn })
    await client.queryToken('token')
    expect(downloads()).toHaveLength(1)
  })

  it('traces the download as a call of its own, inside the call whose answer named the certificate', async () => {
    rotateTo(rotated)
    await certClient().exchangeCode('code')
    expect(spanTree(otel.spans())).toBe(
      ['alipay.open.auth.token.app (client)', `  ${CERT_DOWNLOAD_METHOD} (client)`].join('\n'),
    )
  })

  it('downloads the certificate named by a v3 alipay-sn header through the v2 gateway', async () => {
    rotateTo(rotated)
    await expect(certClient('v3').queryToken('token')).resolves.toMatchObject({ status: 'valid' })
    expect(downloads()).toHaveLength(1)
  })

  it('downloads a new certificate once for 20 concurrent answers naming it', async () => {
    rotateTo(rotated)
    const client = certClient()
    const calls = Array.from({ length: 20 }, () => client.queryToken('token'))
    await expect(Promise.all(calls)).resolves.toHaveLength(20)
    expect(downloads()).toHaveLength(1)
  })

  it('accepts a certificate issued by an intermediate CA that comes with the download', async () => {
    const leaf = issueCert('Alipay signer 3', { issuer: intermediate })
    rotateTo(leaf, `${leaf.pem}\n${intermediate.pem}`)
    await expect(certClient().queryToken('token')).resolves.toMatchObject({ status: 'valid' })
  })

  it('refuses a certificate that does not chain to the configured root, and the answer with it', async () => {
    rotateTo(issueCert('Alipay signer?', { issuer: stranger }))
    const error = await refusal(certClient().exchangeCode('code'))
    expect(error.message).toContain('does not chain to the configured Alipay root certificates')
  })

  it('refuses an intermediate that is not itself issued by a configured root', async () => {
    const rogueIntermediate = issueCert('Test Alipay Class 2', { ca: true, issuer: stranger })
    const leaf = issueCert('Alipay signer 4', { issuer: rogueIntermediate })
    rotateTo(leaf, `${leaf.pem}\n${rogueIntermediate.pem}`)
    await refusal(certClient().queryToken('token'))
  })

  it('refuses a certificate that has expired by the injected clock', async () => {
    const shortLived = issueCert('Alipay signer 5', {
      issuer: root,
      notAfter: new Date(Date.UTC(2026, 0, 1)),
    })
    rotateTo(shortLived)
    const clock = manualClock(Date.UTC(2027, 0, 1))
    const error = await refusal(certClient('v2', clock).queryToken('token'))
    expect(error.message).toContain('expired on 2026-01-01')
  })

  it('refuses a certificate not valid yet by the injected clock', async () => {
    rotateTo(
      issueCert('Alipay signer 6', { issuer: root, notBefore: new Date(Date.UTC(2030, 0, 1)) }),
    )
    const error = await refusal(certClient().queryToken('token'))
    expect(error.message).toContain('is not valid before 2030-01-01')
  })

  it('refuses a download holding another certificate than the one named', async () => {
    const sn = rotateTo(rotated, issueCert('Alipay signer 7', { issuer: root }).pem)
    const error = await refusal(certClient().queryToken('token'))
    expect(error.message).toContain(`not ${sn}`)
  })

  it('reports a failed download clearly, and tries again on the next answer', async () => {
    const sn = rotateTo(rotated)
    const served = alipay.certAnswer
    alipay.certAnswer = () => ({ error: { code: '40004', subCode: 'isv.alipay-cert-not-exist' } })
    const client = certClient()
    const error = await refusal(client.queryToken('token'))
    expect(error.message).toContain(
      `certificate ${sn}, which is not configured, and downloading it failed`,
    )
    expect(error.message).toContain('isv.alipay-cert-not-exist')
    alipay.certAnswer = served
    await expect(client.queryToken('token')).resolves.toMatchObject({ status: 'valid' })
    expect(downloads()).toHaveLength(2)
  })

  it('reports a certificate learned from a rotation once, as the AppAuth event alipayCertificateLearned', async () => {
    const sn = rotateTo(rotated)
    const auth = new AppAuth({
      ...clientOptions({ alipayPublicKey: undefined, certificates }),
      redirectUri: 'https://isv.example/alipay/callback',
    })
    const learned: unknown[] = []
    auth.on('alipayCertificateLearned', (payload) => learned.push(payload))
    await auth.client.queryToken('token')
    await auth.client.queryToken('token')
    expect(learned).toEqual([{ sn }])
  })

  it('reports nothing when a download is not trusted', async () => {
    rotateTo(issueCert('Alipay signer?', { issuer: stranger }))
    const learned: string[] = []
    const client = new AlipayClient(clientOptions({ alipayPublicKey: undefined, certificates }), {
      onAlipayCertificateLearned: (sn) => learned.push(sn),
    })
    await refusal(client.queryToken('token'))
    expect(learned).toEqual([])
  })

  it('verifies notifications with a certificate learned from a rotation', async () => {
    rotateTo(rotated)
    const client = certClient()
    const params = { notify_id: 'n1', app_id: '2021000000000001', sign_type: 'RSA2' }
    const signed = { ...params, sign: signNotify(params, rotated.keys.privateKey) }
    expect(client.verifyNotification(signed).verified).toBe(false)
    await client.queryToken('token')
    expect(client.verifyNotification(signed).verified).toBe(true)
  })
})
