import { describe, expect, it } from 'vitest'
import { routeErrorFor } from '../../src/adapter/route-error-for.js'
import { AppAuth } from '../../src/auth/app-auth.js'
import { AlipayClient } from '../../src/client/alipay-client.js'
import { AlipaySignatureError } from '../../src/errors.js'
import { certificateSn } from '../../src/signer/certs.js'
import { issueCert } from '../cert-factory.js'
import { alipayKeys, appKeys, clientOptions, strangerKeys, useMockAlipay } from '../mocks.js'

const { alipay } = useMockAlipay()

const root = issueCert('Test Alipay Root', { ca: true })
const certificates = {
  appCert: issueCert('ISV app', { issuer: root, keys: appKeys }).pem,
  alipayPublicCert: issueCert('Alipay signer 1', { issuer: root, keys: alipayKeys }).pem,
  alipayRootCert: root.pem,
}
const certMode = { alipayPublicKey: undefined, certificates }
/** As the emulator (and Alipay) refuse an app_cert_sn they do not know. */
const appCertNotExist = {
  v2: { error: { code: '40002', subCode: 'isv.app-cert-not-exist' } },
  v3: { error: { code: 'app-cert-not-exist', httpStatus: 401 } },
}
const expectedCode = { v2: 'isv.app-cert-not-exist', v3: 'app-cert-not-exist' }

async function signatureError(promise: Promise<unknown>): Promise<AlipaySignatureError> {
  const error = await promise.catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(AlipaySignatureError)
  return error as AlipaySignatureError
}

/**
 * After the app's certificate changed in the console, Alipay refuses with
 * `isv.app-cert-not-exist`, signed with a certificate the client cannot check (or cannot fetch,
 * as the download is refused for the same reason).
 */
describe('an untrusted answer in certificate mode', () => {
  it.each(['v2', 'v3'] as const)(
    '%s: names the certificates to check, not alipayPublicKey, and the error code the unverified answer carries',
    async (api) => {
      const rotated = issueCert('Alipay signer 2', { issuer: root })
      alipay.signing = { key: rotated.keys.privateKey }
      alipay.certSn = certificateSn(rotated.pem)
      alipay.tokenAnswer = () => appCertNotExist[api]
      alipay.certAnswer = () => appCertNotExist.v2
      const client = new AlipayClient(clientOptions({ ...certMode, api }))
      const error = await signatureError(client.exchangeCode('code'))
      expect(error.message).toContain('isv.app-cert-not-exist')
      expect(error.message).toContain('alipayPublicCert')
      expect(error.message).not.toContain('alipayPublicKey')
    },
  )

  it.each(['v2', 'v3'] as const)(
    '%s: a signature that does not verify with the configured certificate names the certificates',
    async (api) => {
      alipay.signing = { key: strangerKeys.privateKey }
      alipay.certSn = certificateSn(certificates.alipayPublicCert)
      alipay.tokenAnswer = () => appCertNotExist[api]
      const client = new AlipayClient(clientOptions({ ...certMode, api }))
      const error = await signatureError(client.exchangeCode('code'))
      expect(error.message).toContain('does not verify')
      expect(error.message).toContain('alipayPublicCert')
      expect(error.message).not.toContain('alipayPublicKey')
      expect(error.message).toContain(`names the error ${expectedCode[api]}`)
      expect(error.unverifiedCode).toBe(expectedCode[api])
    },
  )

  it('tells the developer (the failure’s detail) which certificates to check, and the code Alipay gave', async () => {
    alipay.signing = { key: strangerKeys.privateKey }
    alipay.certSn = certificateSn(certificates.alipayPublicCert)
    alipay.tokenAnswer = () => appCertNotExist.v2
    const auth = new AppAuth({
      ...clientOptions(certMode),
      redirectUri: 'https://isv.example/alipay/callback',
    })
    const error = await signatureError(auth.client.exchangeCode('code'))
    const failure = routeErrorFor(error)
    expect(failure).toMatchObject({ code: 'ALIPAY_UNTRUSTED_RESPONSE' })
    expect(failure?.detail).toContain('isv.app-cert-not-exist')
    expect(failure?.detail).toContain('appCert')
    expect(failure?.detail).not.toContain('alipayPublicKey')
    expect(failure?.pageMessage).not.toContain('appCert')
  })

  it('in public-key mode still says to check alipayPublicKey', async () => {
    alipay.signing = { key: strangerKeys.privateKey }
    alipay.tokenAnswer = () => appCertNotExist.v2
    const error = await signatureError(new AlipayClient(clientOptions()).exchangeCode('code'))
    expect(error.message).toContain('alipayPublicKey')
    expect(routeErrorFor(error)?.detail).toContain('alipayPublicKey')
  })
})
