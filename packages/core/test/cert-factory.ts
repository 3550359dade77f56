import type { KeyObject } from 'node:crypto'
import forge from 'node-forge'
import { testKeyPair } from '../src/testing/test-key-pair.js'

/** A certificate and the key pair it vouches for, as a test CA issues them (node-forge). */
export interface TestCert {
  pem: string
  forgeCert: forge.pki.Certificate
  keys: { publicKey: KeyObject; privateKey: KeyObject }
}

export interface IssueOptions {
  /** The issuing CA; self-signed when absent. */
  issuer?: TestCert
  /** Whether the certificate may issue others (basicConstraints cA). */
  ca?: boolean
  /**
   * The key pair to certify. When absent, `testKeyPair` of a role named after the certificate's
   * name and its issuer's: a CA that bears a trusted CA's name but another issuer (a rogue one)
   * holds a key of its own, as it must for its signatures to fail.
   */
  keys?: TestCert['keys']
  notBefore?: Date
  notAfter?: Date
}

let serial = 0x2a00

/** Issues a certificate named `cn`, valid 2024–2034 unless told otherwise. */
export function issueCert(cn: string, options: IssueOptions = {}): TestCert {
  const issuerName = options.issuer?.forgeCert.subject.getField('CN').value ?? cn
  const keys = options.keys ?? testKeyPair(`certificate ${cn}, issued by ${issuerName}`)
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(
    keys.publicKey.export({ type: 'spki', format: 'pem' }) as string,
  )
  cert.serialNumber = (serial++).toString(16)
  cert.validity.notBefore = options.notBefore ?? new Date(Date.UTC(2024, 0, 1))
  cert.validity.notAfter = options.notAfter ?? new Date(Date.UTC(2034, 0, 1))
  const subject = [
    { shortName: 'C', value: 'CN' },
    { shortName: 'O', value: 'Test' },
    { shortName: 'CN', value: cn },
  ]
  cert.setSubject(subject)
  cert.setIssuer(options.issuer ? options.issuer.forgeCert.subject.attributes : subject)
  cert.setExtensions([{ name: 'basicConstraints', cA: options.ca ?? false }])
  const signer = options.issuer?.keys.privateKey ?? keys.privateKey
  const signerPem = signer.export({ type: 'pkcs1', format: 'pem' }) as string
  cert.sign(
    forge.pki.privateKeyFromPem(signerPem) as forge.pki.rsa.PrivateKey,
    forge.md.sha256.create(),
  )
  return { pem: forge.pki.certificateToPem(cert), forgeCert: cert, keys }
}
