import { randomBytes } from 'node:crypto'
import forge from 'node-forge'

/** A distinguished name, written first RDN first as in the certificate (`C`, `O`, `OU`, `CN`). */
export type DistinguishedName = ReadonlyArray<{ shortName: 'C' | 'O' | 'OU' | 'CN'; value: string }>

export interface CertificateToIssue {
  subject: DistinguishedName
  issuer: DistinguishedName
  /** SPKI or PKCS#1 PEM of the key the certificate vouches for. */
  subjectPublicKeyPem: string
  /** PKCS#8 or PKCS#1 PEM of the issuer's key, which signs the certificate. */
  issuerPrivateKeyPem: string
  isCertificateAuthority: boolean
  now: Date
  validYears: number
}

/**
 * Builds and signs one X.509 certificate, SHA256withRSA. Keys come from node:crypto (native
 * keygen is ~100× faster than forge's); forge only assembles and signs, which Node cannot do.
 */
export function issueCertificate(request: CertificateToIssue): string {
  const certificate = forge.pki.createCertificate()
  certificate.publicKey = forge.pki.publicKeyFromPem(request.subjectPublicKeyPem)
  certificate.serialNumber = alipayShapedSerial(request.now)
  certificate.validity.notBefore = new Date(request.now.getTime() - 24 * 3600 * 1000)
  certificate.validity.notAfter = new Date(request.now)
  certificate.validity.notAfter.setFullYear(request.now.getFullYear() + request.validYears)
  certificate.setSubject(request.subject.map((attribute) => ({ ...attribute })))
  certificate.setIssuer(request.issuer.map((attribute) => ({ ...attribute })))
  certificate.setExtensions(
    request.isCertificateAuthority
      ? [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
        ],
  )
  const issuerKey = forge.pki.privateKeyFromPem(
    request.issuerPrivateKeyPem,
  ) as forge.pki.rsa.PrivateKey
  certificate.sign(issuerKey, forge.md.sha256.create())
  return forge.pki.certificateToPem(certificate)
}

/**
 * Alipay's serials start with the issue date (`20200514E63C2FE0…`); the leading `2` also keeps
 * the DER INTEGER positive. Eight random bytes make collisions across restarts negligible.
 */
function alipayShapedSerial(now: Date): string {
  const date = now.toISOString().slice(0, 10).replaceAll('-', '')
  return `${date}${randomBytes(8).toString('hex').toUpperCase()}`
}
