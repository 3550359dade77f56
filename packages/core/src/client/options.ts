import type { Clock } from '../clock.js'
import type { KeyInput } from '../signer/keys.js'

/**
 * Certificate mode (docs/protocol.md §5): the three certificates from the Alipay console, as PEM
 * text.
 */
export interface CertificateModeOptions {
  /** Your app's public key certificate (`appCertPublicKey_<appId>.crt`). */
  appCert: string | Buffer
  /** Alipay's public key certificate (`alipayCertPublicKey_RSA2.crt`); may hold several while Alipay rotates. */
  alipayPublicCert: string | Buffer
  /** Alipay's root certificate bundle (`alipayRootCert.crt`). */
  alipayRootCert: string | Buffer
}

export interface AlipayClientOptions {
  appId: string
  /** Your app's RSA private key, in any form of docs/protocol.md §8. */
  privateKey: KeyInput
  /** Public-key mode: Alipay's public key. Give this or `certificates`, not both. */
  alipayPublicKey?: KeyInput
  /** Certificate mode. Give this or `alipayPublicKey`, not both. */
  certificates?: CertificateModeOptions
  /** Default `'production'`. */
  environment?: 'production' | 'sandbox'
  /** A v2 gateway URL ending in `/gateway.do` (e.g. the emulator's); overrides `environment`. The v3 base is its origin. */
  gateway?: string
  /**
   * AES key from the Alipay console (docs/protocol.md §6): requests and responses are then
   * encrypted.
   */
  encryptKey?: string
  /** Default `globalThis.fetch`, looked up on every call. Yours is used as given: no `proxy` then. */
  fetch?: typeof fetch
  /**
   * An http(s) proxy for gateway calls, e.g. `http://proxy.internal:3128`; `false` for none.
   * Default: read once at construction from `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY`.
   */
  proxy?: string | false
  clock?: Clock
  /** Per call, default 5000. */
  timeoutMs?: number
  /**
   * Which API the token calls use: the v2 gateway (default) or the v3 REST API (docs/protocol.md
   * §4).
   */
  api?: 'v2' | 'v3'
}
