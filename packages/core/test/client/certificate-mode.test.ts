import type { KeyObject } from 'node:crypto'
import forge from 'node-forge'
import { describe, expect, it } from 'vitest'
import { AlipayClient } from '../../src/client/alipay-client.js'
import { AlipayConfigError, AlipaySignatureError } from '../../src/errors.js'
import { certificateSn, rootCertificateSn } from '../../src/signer/certs.js'
import { testKeyPair } from '../../src/testing/test-key-pair.js'
import { alipayKeys, appKeys, clientOptions, useMockAlipay } from '../mocks.js'

const { alipay } = useMockAlipay()

const pem = (key: KeyObject, type: 'pkcs1' | 'spki') =>
  key.export({ type, format: 'pem' } as never) as unknown as string

/** A certificate for `subjectKey`, issued by `issuer` (self-signed when none), with node-forge. */
function issue(cn: string, subjectKey: KeyObject, serial: string, issuer?: forge.pki.Certificate) {
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(pem(subjectKey, 'spki'))
  cert.serialNumber = serial
  cert.validity.notBefore = new Date(Date.UTC(2024, 0, 1))
  cert.validity.notAfter = new Date(Date.UTC(2034, 0, 1))
  const subject = [
    { name: 'commonName', value: cn },
    { name: 'organizationName', value: 'Test' },
    { name: 'countryName', value: 'CN' },
  ]
  cert.setSubject(subject)
  cert.setIssuer(issuer ? issuer.subject.attributes : subject)
  return cert
}

function sign(cert: forge.pki.Certificate, signer: KeyObject) {
  const privateKeyPem = signer.export({ type: 'pkcs1', format: 'pem' }) as string
  cert.sign(
    forge.pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey,
    forge.md.sha256.create(),
  )
  return forge.pki.certificateToPem(cert)
}

const caKeys = testKeyPair('certificate authority')
const root = issue('Test Alipay Root', caKeys.publicKey, '01')
const rootPem = sign(root, caKeys.privateKey)
const alipayCert = sign(
  issue('Alipay Signer', alipayKeys.publicKey, '0a1b', root),
  caKeys.privateKey,
)
const appCert = sign(issue('ISV App', appKeys.publicKey, '0c2d', root), caKeys.privateKey)

const certificates = { appCert, alipayPublicCert: alipayCert, alipayRootCert: rootPem }
const certClient = (api: 'v2' | 'v3' = 'v2') =>
  new AlipayClient(clientOptions({ alipayPublicKey: undefined, certificates, api }))

describe('certificate mode', () => {
  it('sends app_cert_sn and alipay_root_cert_sn, and trusts a response signed by the named Alipay certificate', async () => {
    alipay.certSn = certificateSn(alipayCert)
    await expect(certClient().exchangeCode('code')).resolves.toHaveLength(1)
    expect(alipay.calls[0]?.params).toMatchObject({
      app_cert_sn: certificateSn(appCert),
      alipay_root_cert_sn: rootCertificateSn(rootPem),
    })
  })

  it('refuses a response naming a certificate that is not configured', async () => {
    alipay.certSn = '0123456789abcdef0123456789abcdef'
    const error = await certClient()
      .exchangeCode('code')
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AlipaySignatureError)
    expect((error as Error).message).toContain('0123456789abcdef0123456789abcdef')
  })

  it('verifies v3 answers with the key named by alipay-sn', async () => {
    alipay.certSn = certificateSn(alipayCert)
    await expect(certClient('v3').queryToken('token')).resolves.toMatchObject({ status: 'valid' })
    alipay.certSn = 'ffffffffffffffffffffffffffffffff'
    await expect(certClient('v3').queryToken('token')).rejects.toBeInstanceOf(AlipaySignatureError)
  })

  it('refuses an app certificate that does not belong to privateKey', () => {
    const build = () =>
      new AlipayClient(
        clientOptions({
          alipayPublicKey: undefined,
          certificates: { ...certificates, appCert: alipayCert },
        }),
      )
    expect(build).toThrow(AlipayConfigError)
    expect(build).toThrow('certificates.appCert')
  })

  it('refuses both modes at once', () => {
    expect(() => new AlipayClient(clientOptions({ certificates }))).toThrow(
      'exactly one of alipayPublicKey',
    )
  })
})
