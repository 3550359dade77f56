import { createHash, type KeyObject, X509Certificate } from 'node:crypto'
import { AlipayConfigError } from '../errors.js'
import { signatureAlgorithmOid } from './der.js'

/**
 * Signature algorithms of the RSA family; the root bundle's SM2 and ECDSA roots are skipped
 * (docs/protocol.md §5).
 */
const RSA_SIGNATURE_OID_PREFIX = '1.2.840.113549.1.1.'

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g

export type CertificateInput = string | Buffer | X509Certificate

/** `md5_hex(issuer DN, last RDN first, comma-joined + decimal serial)` (docs/protocol.md §5). */
export function certificateSn(input: CertificateInput, optionName = 'certificate'): string {
  const certificate = toX509(input, optionName)
  const issuer = certificate.issuer.split('\n').reverse().join(',')
  const serial = BigInt(`0x${certificate.serialNumber}`).toString(10)
  return createHash('md5')
    .update(issuer + serial, 'utf8')
    .digest('hex')
}

/**
 * The SNs of the bundle's RSA-signed certificates, in file order, joined by `_` (docs/protocol.md
 * §5).
 */
export function rootCertificateSn(bundle: string | Buffer, optionName = 'alipayRootCert'): string {
  const rsaSigned = splitPemBundle(bundle, optionName).flatMap((pem) => {
    const certificate = toX509(pem, optionName)
    return signatureOid(certificate, optionName).startsWith(RSA_SIGNATURE_OID_PREFIX)
      ? [certificate]
      : []
  })
  return rsaSigned.map((certificate) => certificateSn(certificate, optionName)).join('_')
}

/** The public key a certificate carries (e.g. Alipay's, from `alipayCertPublicKey_RSA2.crt`). */
export function publicKeyFromCertificate(
  input: CertificateInput,
  optionName = 'certificate',
): KeyObject {
  return toX509(input, optionName).publicKey
}

export function splitPemBundle(bundle: string | Buffer, optionName = 'certificate'): string[] {
  const text = Buffer.isBuffer(bundle) ? bundle.toString('utf8') : bundle
  const pems = text.match(PEM_CERTIFICATE) ?? []
  if (pems.length === 0) {
    throw new AlipayConfigError(
      `${optionName} holds no PEM certificate (-----BEGIN CERTIFICATE-----). Pass the content of the .crt file downloaded from the Alipay console, not its path.`,
    )
  }
  return pems
}

/** Node has no API for a certificate's signature algorithm: read it from the DER. */
function signatureOid(certificate: X509Certificate, optionName: string): string {
  try {
    return signatureAlgorithmOid(certificate.raw)
  } catch {
    throw new AlipayConfigError(`${optionName} holds a certificate that cannot be parsed.`)
  }
}

function toX509(input: CertificateInput, optionName: string): X509Certificate {
  if (input instanceof X509Certificate) return input
  try {
    return new X509Certificate(input)
  } catch {
    throw new AlipayConfigError(
      `${optionName} is not a valid X.509 certificate. Pass the PEM content (-----BEGIN CERTIFICATE-----) of the .crt file from the Alipay console.`,
    )
  }
}
