import type { KeyObject } from 'node:crypto'
import type { Clock } from '../clock.js'
import { AlipaySignatureError } from '../errors.js'
import { verifyCertificateChain } from '../signer/cert-chain.js'
import type { Credentials } from './credentials.js'

/** Fetches the PEM text of Alipay's certificate `sn` (`alipay.open.app.alipaycert.download`). */
export type CertificateDownloader = (sn: string) => Promise<string>

/**
 * Alipay's verification keys by certificate SN, for one client, in memory. Certificate mode
 * (docs/protocol.md §5): Alipay rotates the certificate it signs with and names it in each
 * response; an SN not seen yet is downloaded once, however many responses name it at the same time,
 * and trusted only if it chains to the configured root bundle and is valid now. A failed download
 * is not remembered: the next response naming the SN tries again.
 */
export class AlipayKeyring {
  readonly #learned = new Map<string, KeyObject>()
  readonly #downloads = new Map<string, Promise<void>>()

  constructor(
    private readonly credentials: Credentials,
    private readonly download: CertificateDownloader,
    private readonly clock: Clock,
    /** Called once per certificate trusted this way: Alipay rotated, and the client followed. */
    private readonly onLearned: (sn: string) => void = () => {},
  ) {}

  /** The key of certificate `sn` (configured or learned); the first configured key when `sn` is absent. */
  keyFor(sn: string | undefined): KeyObject | undefined {
    return (
      (sn === undefined ? undefined : this.#learned.get(sn)) ?? this.credentials.alipayKeyFor(sn)
    )
  }

  /** Every key Alipay may sign with: configured ones first, then those learned since. */
  all(): KeyObject[] {
    return [...this.credentials.alipayKeys, ...this.#learned.values()]
  }

  /** Resolves once `sn`'s key is known; downloads and checks the certificate when it is not. */
  learn(sn: string | undefined): Promise<void> {
    if (sn === undefined || this.keyFor(sn) || !this.credentials.trust) return Promise.resolve()
    let pending = this.#downloads.get(sn)
    if (!pending) {
      pending = this.#fetch(sn).finally(() => this.#downloads.delete(sn))
      this.#downloads.set(sn, pending)
    }
    return pending
  }

  async #fetch(sn: string): Promise<void> {
    const trust = this.credentials.trust as NonNullable<Credentials['trust']>
    let candidate: string
    try {
      candidate = await this.download(sn)
    } catch (error) {
      throw new AlipaySignatureError(
        `Alipay signed its answer with certificate ${sn}, which is not configured, and downloading it failed: ${(error as Error).message} Nothing in the answer was used; the next call tries the download again. If the app's certificate changed in the Alipay console, download appCert, alipayPublicCert and alipayRootCert again and configure them.`,
        { cause: error },
      )
    }
    const outcome = verifyCertificateChain({
      candidate,
      sn,
      roots: trust.roots,
      intermediates: trust.intermediates,
      now: this.clock(),
    })
    if (!outcome.ok) {
      throw new AlipaySignatureError(
        `Alipay's answer is signed with certificate ${sn}, and the certificate downloaded for it is not trusted: ${outcome.reason}. Nothing in the answer was used. If Alipay changed its root certificate, download alipayRootCert.crt again from the Alipay console; otherwise check that nothing between you and Alipay rewrites responses.`,
      )
    }
    this.#learned.set(sn, outcome.leaf.publicKey)
    this.onLearned(sn)
  }
}
