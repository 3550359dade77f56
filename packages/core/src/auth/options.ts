import { httpUrl, resolveEndpoints } from '../client/endpoints.js'
import type { AlipayClientOptions } from '../client/options.js'
import { type Clock, systemClock } from '../clock.js'
import { AlipayConfigError } from '../errors.js'
import { MemoryStore } from '../stores/memory-store.js'
import type { StateStore, TokenStore } from '../stores/types.js'
import { sealTokenStore } from '../token-encryption/coordinated-sealed-token-store.js'
import type { SealedTokenStore } from '../token-encryption/sealed-token-store.js'
import { TokenCipher } from '../token-encryption/token-cipher.js'
import { resolveTokenKeys, type TokenKey } from '../token-encryption/token-keys.js'
import { checkOnContextChange, type OnContextChange } from './context-change.js'

export interface AppAuthOptions extends AlipayClientOptions {
  /** Must equal the callback URL registered with Alipay, exactly (docs/protocol.md §2). */
  redirectUri: string
  /** Consent page URL override, e.g. the emulator's `http://127.0.0.1:9300/oauth2/appToAppAuth.htm`. */
  authUrl?: string
  /** Tokens and states in one store. Default: a `MemoryStore`, which forgets everything on restart. */
  store?: TokenStore & StateStore
  /** Or the two separately; each overrides `store`. */
  tokenStore?: TokenStore
  stateStore?: StateStore
  /** How long a started authorization may take; default 10 minutes. */
  stateTtlMs?: number
  /** Refresh when `expiresAt - now` falls below this; default 7 days. */
  refreshAheadMs?: number
  /**
   * `refresh()` within this long of the pair's issue returns the current pair instead of rotating
   * it again; the pair's issue time is in the shared store, so the limit holds across a fleet.
   * Default 1 minute; 0 turns it off.
   */
  minRefreshIntervalMs?: number
  /**
   * At most this many callbacks without state (invitations, when accepted) are exchanged per
   * minute by this instance, in bursts of as many; the rest are answered 429. Anyone can send
   * such a callback, and each costs a call to Alipay. Default 30.
   */
  invitesPerMinute?: number
  /**
   * At most this many QR authorizations are started per minute by this instance, in bursts of as
   * many; the rest are refused with AlipayRateLimitedError (the adapters answer 429). Anyone can
   * open the QR route, and each start signs a state and draws a QR code. Default 60.
   */
  qrStartsPerMinute?: number
  /**
   * A callback whose context (one of your customers, from the adapter's `context` option) differs
   * from the context a merchant app is stored under: `'refuse'` (default) stores nothing, leaves
   * the record as it is, answers ALIPAY_CONTEXT_CHANGE_REFUSED and emits `contextChange`;
   * `'keep'` stores the new tokens under the stored context; `'replace'` moves the merchant to the
   * new context; a function decides each case. Alipay does not tie a code to the state it came
   * back with, so a code that leaked (logs, referrers, a shared screen) redeemed in another
   * customer's session would otherwise move the merchant to that customer. Invitations and
   * notifications carry no context and never change the stored one.
   */
  onContextChange?: OnContextChange
  /**
   * Encrypts every merchant's `appAuthToken` and `appRefreshToken` before the store sees them
   * (AES-256-GCM, bound to the app and the merchant app). Each key is 32 random bytes, raw or
   * base64 (`openssl rand -base64 32`); the first encrypts, all decrypt. Records stored before
   * are read as they are and encrypted at their next write, or by `reencryptTokens()`.
   */
  tokenKeys?: readonly TokenKey[]
}

export interface ResolvedAuthOptions {
  redirectUri: string
  authUrl: string
  /** The store given, behind the cipher of `tokenKeys` (which passes plaintext through without keys). */
  tokenStore: SealedTokenStore
  stateStore: StateStore
  stateTtlMs: number
  refreshAheadMs: number
  minRefreshIntervalMs: number
  invitesPerMinute: number
  qrStartsPerMinute: number
  onContextChange: OnContextChange
  clock: Clock
  /** The default store made here, when one was: the only store AppAuth closes. */
  ownStore?: MemoryStore
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

export function resolveAuthOptions(options: AppAuthOptions): ResolvedAuthOptions {
  const clock = options.clock ?? systemClock
  const ownStore =
    options.store === undefined && needsDefault(options) ? new MemoryStore({ clock }) : undefined
  const fallback = options.store ?? ownStore
  const keys = options.tokenKeys === undefined ? [] : resolveTokenKeys(options.tokenKeys)
  const tokenStore = (options.tokenStore ?? fallback) as TokenStore
  return {
    redirectUri: httpUrl(options.redirectUri, 'redirectUri'),
    authUrl: resolveEndpoints(options).authUrl,
    tokenStore: sealTokenStore(tokenStore, new TokenCipher(options.appId, keys)),
    stateStore: (options.stateStore ?? fallback) as StateStore,
    stateTtlMs: duration(options.stateTtlMs, 'stateTtlMs', 10 * MINUTE),
    refreshAheadMs: duration(options.refreshAheadMs, 'refreshAheadMs', 7 * DAY),
    minRefreshIntervalMs: duration(options.minRefreshIntervalMs, 'minRefreshIntervalMs', MINUTE),
    invitesPerMinute: perMinute(options.invitesPerMinute, 'invitesPerMinute', 30),
    qrStartsPerMinute: perMinute(options.qrStartsPerMinute, 'qrStartsPerMinute', 60),
    onContextChange: checkOnContextChange(options.onContextChange),
    clock,
    ownStore,
  }
}

function needsDefault(options: AppAuthOptions): boolean {
  return options.tokenStore === undefined || options.stateStore === undefined
}

function duration(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value < 0) {
    throw new AlipayConfigError(
      `${name} must be a non-negative number of milliseconds; got ${value}.`,
    )
  }
  return value
}

function perMinute(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 1) {
    throw new AlipayConfigError(`${name} must be a whole number of at least 1; got ${value}.`)
  }
  return value
}
