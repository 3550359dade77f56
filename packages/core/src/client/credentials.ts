import { createPublicKey, type KeyObject } from 'node:crypto'
import { AlipayConfigError } from '../errors.js'
import {
  certificateSn,
  publicKeyFromCertificate,
  rootCertificateSn,
  splitPemBundle,
} from '../signer/certs.js'
import { parsePrivateKey, parsePublicKey } from '../signer/keys.js'
import type { AlipayClientOptions } from './options.js'

/** Keys parsed once at construction (SPEC §8), and the certificate-mode SNs (SPEC §5). */
export interface Credentials {
  privateKey: KeyObject
  appCertSn?: string
  alipayRootCertSn?: string
  /** Every configured Alipay key (several while Alipay rotates its certificate). */
  alipayKeys: KeyObject[]
  /** The key that signed a response naming `alipayCertSn`; the first key when it names none. */
  alipayKeyFor(alipayCertSn: string | undefined): KeyObject | undefined
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
  for (const pem of splitPemBundle(alipayPublicCert, 'certificates.alipayPublicCert')) {
    bySn.set(
      certificateSn(pem, 'certificates.alipayPublicCert'),
      publicKeyFromCertificate(pem, 'certificates.alipayPublicCert'),
    )
  }
  const alipayKeys = [...bySn.values()]
  return {
    privateKey,
    appCertSn: certificateSn(appCert, 'certificates.appCert'),
    alipayRootCertSn: rootCertificateSn(alipayRootCert, 'certificates.alipayRootCert'),
    alipayKeys,
    alipayKeyFor: (sn) => (sn === undefined ? alipayKeys[0] : bySn.get(sn)),
  }
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
