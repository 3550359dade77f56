import { routeErrorFor } from '../adapter/route-error-for.js'
import type { Clock } from '../clock.js'
import { AlipayStoreUnavailableError } from '../errors.js'
import type { AuthorizationOutcome, MerchantToken, StateStore } from '../stores/types.js'
import type { AuthorizationStates, StartedAuthorization } from './authorization-states.js'

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
 * The outcome of each QR authorization, kept in the state store (so every instance of a fleet
 * answers it) under `qr:<state>` once a callback ended it: an authorization nobody completed left
 * nothing there, and is pending until its state expires. Readable, by the starting browser only
 * (the state names it), until one more state lifetime after the expiry. A ':' never occurs in a
 * state, so a callback cannot name a status record as its state.
 */
export class QrStatuses {
  constructor(
    private readonly authorizations: AuthorizationStates,
    private readonly states: StateStore,
    private readonly clock: Clock,
  ) {}

  authorized(
    state: string,
    started: StartedAuthorization,
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
  async failed(state: string, started: StartedAuthorization, error: unknown): Promise<boolean> {
    const routeError =
      error instanceof AlipayStoreUnavailableError ? undefined : routeErrorFor(error)
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
    const started = this.authorizations.read(state)
    const { expiresAt } = started ?? { expiresAt: 0 }
    if (
      started?.kind !== 'qr' ||
      this.clock() >= this.#forgottenAt(started) ||
      !this.authorizations.presentsBinding(started, browserBindings)
    ) {
      return undefined
    }
    const outcome = (await this.states.peek(statusKey(state)))?.outcome
    if (outcome?.status === 'authorized') return { ...outcome, expiresAt }
    if (outcome?.status === 'failed') return { ...outcome, merchants: [], expiresAt }
    const status = this.clock() >= expiresAt ? 'expired' : 'pending'
    return { status, merchants: [], expiresAt }
  }

  /** Kept as long as the status is answered. */
  #end(state: string, started: StartedAuthorization, outcome: AuthorizationOutcome): Promise<void> {
    const ttlMs = Math.max(1, this.#forgottenAt(started) - this.clock())
    const record = {
      kind: 'qr' as const,
      browserBinding: started.bindingTag.toString('base64url'),
      redirectUri: '',
      createdAt: started.createdAt,
      outcome,
    }
    return this.states.put(statusKey(state), record, ttlMs)
  }

  #forgottenAt(started: StartedAuthorization): number {
    return started.expiresAt + this.authorizations.ttlMs
  }
}

function statusKey(state: string): string {
  return `qr:${state}`
}
