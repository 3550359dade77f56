import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { toPem } from '@alipay-isv/core'
import type { CertificateAuthority } from './contract.js'
import { FieldError } from './field-error.js'
import type { AlipayKeys } from './keys.js'

/** Who signs an answer: a key, and in certificate mode the SN of the certificate vouching for it. */
export interface AnswerSigner {
  privateKey: KeyObject
  alipayCertSn?: string
}

interface SigningCertificate {
  privateKey: KeyObject
  certPem: string
  sn: string
}

/**
 * Alipay's signing certificate in certificate mode (docs/protocol.md §5), which rotates: `rotate()`
 * makes a new key pair and certificate, and certificate-mode answers are signed with it from then
 * on. Every certificate ever issued stays downloadable by SN
 * (`alipay.open.app.alipaycert.download`). Public-key mode answers and notifications keep the
 * engine's own key: apps in that mode configured it and have no way to learn another.
 */
export class AlipayCertificates {
  readonly #keys: AlipayKeys
  readonly #authority: CertificateAuthority | undefined
  readonly #issued = new Map<string, string>()
  #current: SigningCertificate | undefined

  constructor(keys: AlipayKeys, authority: CertificateAuthority | undefined) {
    this.#keys = keys
    this.#authority = authority
    this.reset()
  }

  /** The signer of an answer to a certificate-mode (`certMode`) or public-key-mode request. */
  signer(certMode: boolean): AnswerSigner {
    if (certMode && this.#current) {
      return { privateKey: this.#current.privateKey, alipayCertSn: this.#current.sn }
    }
    return { privateKey: this.#keys.privateKey }
  }

  /** The certificate answers are signed with now, in certificate mode. */
  get current(): { certPem: string; sn: string } | undefined {
    return this.#current && { certPem: this.#current.certPem, sn: this.#current.sn }
  }

  /** PEM of any certificate the engine ever signed with, by SN. */
  certificate(sn: string): string | undefined {
    return this.#issued.get(sn)
  }

  /**
   * A new key pair and certificate from the same root, or with `untrusted` from a CA no client
   * knows, so the refusal of a certificate that does not chain can be tested.
   */
  rotate(options: { untrusted?: boolean } = {}): { certPem: string; sn: string } {
    const issue = this.#authority?.issueAlipayCert
    if (!this.#authority || !issue) {
      throw new FieldError(
        'certificate_authority',
        'Certificate mode is off: start the emulator with a certificate authority (the server and startMockAlipay() have one) to rotate Alipay certificates.',
        409,
      )
    }
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const issued = issue.call(this.#authority, toPem(publicKey), options)
    this.#current = { privateKey, ...issued }
    this.#issued.set(issued.sn, issued.certPem)
    return issued
  }

  /** Back to the certificate the engine started with; rotated ones are forgotten. */
  reset(): void {
    this.#issued.clear()
    const authority = this.#authority
    this.#current = authority && {
      privateKey: this.#keys.privateKey,
      certPem: authority.alipayCertPem,
      sn: authority.alipayCertSn,
    }
    if (authority) this.#issued.set(authority.alipayCertSn, authority.alipayCertPem)
  }
}
