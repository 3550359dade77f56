import { routeErrorFor } from '../adapter/route-error-for.js'
import type { Clock } from '../clock.js'
import type {
  AuthorizationOutcome,
  AuthorizationState,
  MerchantToken,
  StateStore,
} from '../stores/types.js'
import { isStateShaped } from './authorize-url.js'
import { presentsBinding } from './browser-binding.js'

export type QrAuthorizationStatus = 'pending' | 'authorized' | 'failed' | 'expired'

/** The merchant apps a QR authorization brought in: ids only, never a token. */
export type QrMerchant = Pick<MerchantToken, 'authAppId' | 'userId'>

/** What the browser that started a QR authorization may learn about it. */
export interface QrStatus {
  status: QrAuthorizationStatus
  /** Empty unless authorized. */
  merchants: QrMerchant[]
  /** Only when failed: the callback's stable failure code and what to do about it. */
  error?: { code: string; message: string }
  /** Epoch ms when the authorization's state expires (or expired). */
  expiresAt: number
}

/**
 * The status of each QR authorization, kept in the state store (so every instance of a fleet
 * answers it) under `qr:<state>`, apart from the state itself, which the callback consumes. It
 * is readable, by the starting browser only, until `ttlMs` after the authorization ended or
 * expired. A ':' never occurs in a state, so a callback cannot name a status record as its state.
 */
export class QrStatuses {
  constructor(
    private readonly states: StateStore,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** A new authorization is pending until its state expires, and reported expired `ttlMs` more. */
  begin(state: string, started: AuthorizationState): Promise<void> {
    return this.states.put(statusKey(state), started, 2 * this.ttlMs)
  }

  authorized(
    state: string,
    started: AuthorizationState,
    merchants: readonly QrMerchant[],
  ): Promise<void> {
    const ids = merchants.map(({ authAppId, userId }) => ({ authAppId, userId }))
    return this.#end(state, started, { status: 'authorized', merchants: ids })
  }

  /**
   * After its state was consumed, the callback failed (Alipay refused the code, could not be
   * reached, answered something untrustworthy): recorded with the route error the phone is
   * answered, and true. A failure that is neither the visitor's nor Alipay's (a store down, a
   * bug) leaves the status pending: it says nothing wrong, and expires. So does a store that
   * cannot record it; the callback's own error is the one to answer then.
   */
  async failed(state: string, started: AuthorizationState, error: unknown): Promise<boolean> {
    const routeError = routeErrorFor(error)
    if (routeError === undefined) return false
    // The desktop's page shows it to the person who scanned: the merchant's words.
    const { code, pageMessage: message } = routeError
    return this.#end(state, started, { status: 'failed', error: { code, message } }).then(
      () => true,
      () => false,
    )
  }

  /** `undefined` for a state this browser did not start (or that is long gone): answer 404. */
  async status(state: string, browserBindings: readonly string[]): Promise<QrStatus | undefined> {
    if (!isStateShaped(state)) return undefined
    const record = await this.states.peek(statusKey(state))
    if (record === undefined || !presentsBinding(record.browserBinding, browserBindings)) {
      return undefined
    }
    const expiresAt = record.createdAt + this.ttlMs
    const { outcome } = record
    if (outcome?.status === 'authorized') return { ...outcome, expiresAt }
    if (outcome?.status === 'failed') return { ...outcome, merchants: [], expiresAt }
    const status = this.clock() >= expiresAt ? 'expired' : 'pending'
    return { status, merchants: [], expiresAt }
  }

  #end(state: string, started: AuthorizationState, outcome: AuthorizationOutcome): Promise<void> {
    return this.states.put(statusKey(state), { ...started, outcome }, this.ttlMs)
  }
}

function statusKey(state: string): string {
  return `qr:${state}`
}
