import { generateKeyPair, generateKeyPairSync } from 'node:crypto'
import { promisify } from 'node:util'
import { parsePublicKey, toPem } from '@alipay-isv/core'
import { certificateSn, publicKeyFromCertificate, rootCertificateSn } from '@alipay-isv/core/signer'
import { type DistinguishedName, issueCertificate } from './forge-certificate.js'

/** Everything needed to bring the same CA back after a restart (kept in the data dir). */
export interface CertificateAuthorityState {
  rootPrivateKeyPem: string
  rootCertPem: string
  alipayCertPem: string
}

export interface CreateCertificateAuthorityOptions {
  /** Alipay's (the emulator's) public key, SPKI PEM or any form of docs/protocol.md §8. */
  alipayPublicKey: string
  /** When the certificates start being valid; defaults to now. */
  now?: Date
}

export interface IssuedCertificate {
  certPem: string
  /** `app_cert_sn` of the certificate (docs/protocol.md §5). */
  sn: string
}

// Shaped like Alipay's (C, O, OU, CN; docs/protocol.md §5) but named so nobody mistakes it for the
// real one.
const ROOT_DN: DistinguishedName = [
  { shortName: 'C', value: 'CN' },
  { shortName: 'O', value: 'mock-alipay' },
  { shortName: 'OU', value: 'Certification Authority' },
  { shortName: 'CN', value: 'mock-alipay Certification Authority Class 2 R1' },
]
const ALIPAY_DN: DistinguishedName = [
  { shortName: 'C', value: 'CN' },
  { shortName: 'O', value: 'mock-alipay' },
  { shortName: 'OU', value: 'Alipay' },
  { shortName: 'CN', value: 'mock-alipay Alipay public key-2088000000000000' },
]
const VALID_YEARS = 10
const generateRsaKeyPair = promisify(generateKeyPair)

/**
 * The emulator's certificate authority for certificate mode (docs/protocol.md §5): a root CA,
 * Alipay's public-key certificate, and app certificates for the public keys apps register.
 */
export class MockCertificateAuthority {
  readonly rootCertPem: string
  readonly alipayCertPem: string
  /** `alipay_root_cert_sn` a client computes from `rootCertPem`. */
  readonly rootCertSn: string
  /** `alipay_cert_sn` of the certificate that vouches for Alipay's key. */
  readonly alipayCertSn: string
  readonly #rootPrivateKeyPem: string

  private constructor(state: CertificateAuthorityState) {
    this.#rootPrivateKeyPem = state.rootPrivateKeyPem
    this.rootCertPem = state.rootCertPem
    this.alipayCertPem = state.alipayCertPem
    this.rootCertSn = rootCertificateSn(state.rootCertPem, 'rootCertPem')
    this.alipayCertSn = certificateSn(state.alipayCertPem, 'alipayCertPem')
  }

  /**
   * Generates a root key (node:crypto: native, off the main thread) and signs the root and
   * Alipay certificates.
   */
  static async create(
    options: CreateCertificateAuthorityOptions,
  ): Promise<MockCertificateAuthority> {
    const now = options.now ?? new Date()
    const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 })
    const rootPrivateKeyPem = toPem(privateKey)
    const rootCertPem = issueCertificate({
      subject: ROOT_DN,
      issuer: ROOT_DN,
      subjectPublicKeyPem: toPem(publicKey),
      issuerPrivateKeyPem: rootPrivateKeyPem,
      isCertificateAuthority: true,
      now,
      validYears: VALID_YEARS,
    })
    const alipayCertPem = issueCertificate({
      subject: ALIPAY_DN,
      issuer: ROOT_DN,
      subjectPublicKeyPem: toPem(parsePublicKey(options.alipayPublicKey, 'alipayPublicKey')),
      issuerPrivateKeyPem: rootPrivateKeyPem,
      isCertificateAuthority: false,
      now,
      validYears: VALID_YEARS,
    })
    return new MockCertificateAuthority({ rootPrivateKeyPem, rootCertPem, alipayCertPem })
  }

  /** Brings back a CA saved with `toJSON()`: no key generation. */
  static restore(state: CertificateAuthorityState): MockCertificateAuthority {
    return new MockCertificateAuthority(state)
  }

  /** Issues the app public-key certificate (`appCertPublicKey_<appId>.crt`) for a registered key. */
  issueAppCert(publicKeyPem: string, appId: string): IssuedCertificate {
    const certPem = issueCertificate({
      subject: [
        { shortName: 'C', value: 'CN' },
        { shortName: 'O', value: 'mock-alipay' },
        { shortName: 'OU', value: 'Alipay' },
        { shortName: 'CN', value: `2088000000000000-${appId}` },
      ],
      issuer: ROOT_DN,
      subjectPublicKeyPem: toPem(parsePublicKey(publicKeyPem, 'public_key')),
      issuerPrivateKeyPem: this.#rootPrivateKeyPem,
      isCertificateAuthority: false,
      now: new Date(),
      validYears: VALID_YEARS,
    })
    return { certPem, sn: certificateSn(certPem, 'app certificate') }
  }

  /**
   * A new Alipay certificate for a rotated key (`POST /__admin/keys/rotate`). With `untrusted`,
   * a throwaway CA that bears the root's very name signs it: only the signature check of a
   * client can tell, which is what it is for.
   */
  issueAlipayCert(publicKeyPem: string, options: { untrusted?: boolean } = {}): IssuedCertificate {
    const issuerPrivateKeyPem = options.untrusted
      ? toPem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)
      : this.#rootPrivateKeyPem
    const certPem = issueCertificate({
      subject: ALIPAY_DN,
      issuer: ROOT_DN,
      subjectPublicKeyPem: toPem(parsePublicKey(publicKeyPem, 'public_key')),
      issuerPrivateKeyPem,
      isCertificateAuthority: false,
      now: new Date(),
      validYears: VALID_YEARS,
    })
    return { certPem, sn: certificateSn(certPem, 'Alipay certificate') }
  }

  /**
   * Whether this CA's Alipay certificate vouches for `alipayPublicKey` (any docs/protocol.md §8
   * form).
   */
  certifies(alipayPublicKey: string): boolean {
    const certified = publicKeyFromCertificate(this.alipayCertPem, 'alipayCertPem')
    return toPem(certified) === toPem(parsePublicKey(alipayPublicKey, 'alipayPublicKey'))
  }

  toJSON(): CertificateAuthorityState {
    return {
      rootPrivateKeyPem: this.#rootPrivateKeyPem,
      rootCertPem: this.rootCertPem,
      alipayCertPem: this.alipayCertPem,
    }
  }
}
