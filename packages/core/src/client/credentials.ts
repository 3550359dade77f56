import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto'
import { AlipayConfigError } from '../errors.js'
import {
  certificateSn,
  publicKeyFromCertificate,
  rootCertificateSn,
  splitPemBundle,
} from '../signer/certs.js'
import { parsePrivateKey, parsePublicKey } from '../signer/keys.js'
import type { AlipayClientOptions } from './options.js'

/**
 * Keys parsed once at construction (docs/protocol.md §8), and the certificate-mode SNs
 * (docs/protocol.md §5).
 */
export interface Credentials {
  privateKey: KeyObject
  appCertSn?: string
  alipayRootCertSn?: string
  /** Every configured Alipay key (several while Alipay rotates its certificate). */
  alipayKeys: KeyObject[]
  /** The key that signed a response naming `alipayCertSn`; the first key when it names none. */
  alipayKeyFor(alipayCertSn: string | undefined): KeyObject | undefined
  /** Certificate mode: what a downloaded Alipay certificate must chain to (docs/protocol.md §5). */
  trust?: CertificateTrust
}

export interface CertificateTrust {
  /** The root bundle (`alipayRootCert`): the only certificates trusted as given. */
  roots: X509Certificate[]
  /** CA certificates found in `alipayPublicCert` (Alipay's files carry their intermediate). */
  intermediates: X509Certificate[]
}

export function loadCredentials(options: AlipayClientOptions): Credentials {
  const privateKey = parsePrivateKey(options.privateKey, 'privateKey')
  const { alipayPublicKey, certificates } = options
  if ((alipayPublicKey === undefined) === (certificates === undefined)) {
    throw new AlipayConfigError(
      'Give exactly one of alipayPublicKey (public-key mode) or certificates (certificate mode), as your app is set up in the Alipay console.',
    )
  }
  if (alipayPublicKey !== undefined) {
    const key = parsePublicKey(alipayPublicKey, 'alipayPublicKey')
    return { privateKey, alipayKeys: [key], alipayKeyFor: () => key }
  }
  const { appCert, alipayPublicCert, alipayRootCert } = certificates as NonNullable<
    typeof certificates
  >
  assertCertMatchesKey(appCert, privateKey)
  const bySn = new Map<string, KeyObject>()
  const intermediates: X509Certificate[] = []
  for (const pem of splitPemBundle(alipayPublicCert, 'certificates.alipayPublicCert')) {
    const sn = certificateSn(pem, 'certificates.alipayPublicCert')
    const certificate = new X509Certificate(pem)
    if (certificate.ca) intermediates.push(certificate)
    bySn.set(sn, publicKeyFromCertificate(certificate, 'certificates.alipayPublicCert'))
  }
  const alipayKeys = [...bySn.values()]
  return {
    privateKey,
    appCertSn: certificateSn(appCert, 'certificates.appCert'),
    alipayRootCertSn: rootCertificateSn(alipayRootCert, 'certificates.alipayRootCert'),
    alipayKeys,
    alipayKeyFor: (sn) => (sn === undefined ? alipayKeys[0] : bySn.get(sn)),
    trust: { roots: parseRoots(alipayRootCert), intermediates },
  }
}

/** Every root the bundle holds that node:crypto can read (it cannot read every SM2 one; none is needed). */
function parseRoots(bundle: string | Buffer): X509Certificate[] {
  const roots: X509Certificate[] = []
  for (const pem of splitPemBundle(bundle, 'certificates.alipayRootCert')) {
    try {
      roots.push(new X509Certificate(pem))
    } catch {}
  }
  return roots
}

function assertCertMatchesKey(appCert: string | Buffer, privateKey: KeyObject): void {
  const certKey = publicKeyFromCertificate(appCert, 'certificates.appCert')
  const ownKey = createPublicKey(privateKey)
  const der = (key: KeyObject) => key.export({ type: 'spki', format: 'der' })
  if (!der(certKey).equals(der(ownKey))) {
    throw new AlipayConfigError(
      'certificates.appCert does not hold the public key of privateKey. Pass the app certificate issued for this key pair (appCertPublicKey_<appId>.crt).',
    )
  }
}
