import { X509Certificate } from 'node:crypto'
import { toPem } from '@alipay-isv/core'
import { certificateSn, publicKeyFromCertificate, rootCertificateSn } from '@alipay-isv/core/signer'
import { testKeyPair } from '@alipay-isv/core/testing'
import { beforeAll, describe, expect, it } from 'vitest'
import { MockCertificateAuthority } from '../../src/certificate-authority.js'

const alipay = testKeyPair('alipay')
const app = testKeyPair('app')

describe('MockCertificateAuthority', () => {
  let authority: MockCertificateAuthority
  beforeAll(async () => {
    authority = await MockCertificateAuthority.create({ alipayPublicKey: toPem(alipay.publicKey) })
  })

  it('certifies the emulator’s Alipay public key in a certificate signed by its root', () => {
    const alipayCert = new X509Certificate(authority.alipayCertPem)
    const root = new X509Certificate(authority.rootCertPem)
    expect(toPem(alipayCert.publicKey)).toBe(toPem(alipay.publicKey))
    expect(alipayCert.verify(root.publicKey)).toBe(true)
    expect(alipayCert.checkIssued(root)).toBe(true)
  })

  it('names its certificates with the SNs a certificate-mode client computes (docs/protocol.md §5)', () => {
    expect(authority.alipayCertSn).toBe(certificateSn(authority.alipayCertPem))
    expect(authority.rootCertSn).toBe(rootCertificateSn(authority.rootCertPem))
    expect(authority.rootCertSn).toMatch(/^[0-9a-f]{32}$/)
  })

  it('issues an app certificate for a registered public key, with its app_cert_sn', () => {
    const issued = authority.issueAppCert(toPem(app.publicKey), '2021000000000001')
    const certificate = new X509Certificate(issued.certPem)
    expect(toPem(publicKeyFromCertificate(certificate))).toBe(toPem(app.publicKey))
    expect(certificate.subject).toContain('2021000000000001')
    expect(certificate.verify(new X509Certificate(authority.rootCertPem).publicKey)).toBe(true)
    expect(issued.sn).toBe(certificateSn(issued.certPem))
  })

  it('gives every issued certificate its own serial, so app_cert_sn values never collide', () => {
    const first = authority.issueAppCert(toPem(app.publicKey), '2021000000000001')
    const second = authority.issueAppCert(toPem(app.publicKey), '2021000000000001')
    expect(first.sn).not.toBe(second.sn)
  })

  it('comes back from its saved state with the same certificates and the same signing root', () => {
    const restored = MockCertificateAuthority.restore(
      JSON.parse(JSON.stringify(authority.toJSON())),
    )
    expect(restored.rootCertPem).toBe(authority.rootCertPem)
    expect(restored.alipayCertSn).toBe(authority.alipayCertSn)
    const issued = restored.issueAppCert(toPem(app.publicKey), '2021000000000002')
    expect(
      new X509Certificate(issued.certPem).checkIssued(new X509Certificate(authority.rootCertPem)),
    ).toBe(true)
  })

  it('recognises whether it certifies a given Alipay key, so a CA saved for other keys is replaced', () => {
    expect(authority.certifies(toPem(alipay.publicKey))).toBe(true)
    expect(authority.certifies(toPem(app.publicKey))).toBe(false)
  })
})
