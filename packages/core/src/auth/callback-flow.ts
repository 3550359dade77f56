import { AlipayStateError } from '../errors.js'
import type { MerchantToken, StateStore } from '../stores/types.js'
import { isStateShaped } from './authorize-url.js'
import { presentsBinding } from './browser-binding.js'
import { type CallbackQuery, readCallback } from './callback-query.js'
import { type CodeExchange, exchangedMerchants } from './code-exchange.js'
import type { QrStatuses } from './qr-status.js'
import type { RateLimiter } from './rate-limiter.js'

export interface CallbackOptions {
  /**
   * Accept a callback without state, as invitations send them (links and QR codes made in
   * Alipay's console, `alipay.open.auth.appauth.invite.create`): exchanged and stored as
   * `via: 'invite'`, with no new context. Default false.
   */
  invites?: boolean
}

export interface CallbackResult {
  merchants: MerchantToken[]
  /** The state the callback completed; absent for an invitation. */
  state?: string
}

/** What a callback came to, as `AppAuth.settleCallback` reports it instead of throwing. */
export type CallbackOutcome =
  | ({ status: 'authorized' } & CallbackResult)
  | {
      status: 'failed'
      /** What `handleCallback` throws. */
      error: unknown
      /**
       * The callback of a QR code whose failure was recorded in its status: the computer that
       * showed the code shows it too, so the phone is sent back there, not to start over.
       */
      shownOnDesktop: boolean
    }

/**
 * docs/protocol.md §1 step 2, ordered so that a refused callback writes nothing: every check
 * that only reads (parameters, the code's shape, the state peeked at, the browser binding, an
 * earlier claim of the code) comes first; only a callback that passes them all takes its state
 * and claims its code.
 */
export class CallbackFlow {
  constructor(
    private readonly appId: string,
    private readonly states: StateStore,
    private readonly codes: CodeExchange,
    private readonly invites: RateLimiter,
    private readonly qrStatuses: QrStatuses,
  ) {}

  async settle(
    query: CallbackQuery,
    browserBindings: readonly string[],
    options: CallbackOptions,
  ): Promise<CallbackOutcome> {
    try {
      return await this.complete(query, browserBindings, options)
    } catch (error) {
      return { status: 'failed', error, shownOnDesktop: false }
    }
  }

  private async complete(
    query: CallbackQuery,
    browserBindings: readonly string[],
    options: CallbackOptions,
  ): Promise<CallbackOutcome> {
    const { state, code } = readCallback(query, this.appId)
    if (state === undefined) {
      const merchants = await this.acceptInvitation(code, browserBindings, options)
      return { status: 'authorized', merchants }
    }
    const stored = isStateShaped(state) ? await this.states.peek(state) : undefined
    if (stored === undefined) {
      // Already completed (a replay, a double click) is told apart from never issued or expired.
      await this.codes.refuseIfSeen(code, browserBindings)
      throw unknownState()
    }
    // Only a QR state is completed elsewhere: on a phone, without the starting browser's cookies.
    if (stored.kind !== 'qr' && !presentsBinding(stored.browserBinding, browserBindings)) {
      throw new AlipayStateError(
        'browser-mismatch',
        'The callback reached a different browser than the one that started the authorization (its state cookie is missing or does not match). Start the authorization again in one browser.',
      )
    }
    const exchange = await this.codes.exchangeOnce(code, browserBindings, async () => {
      // Taken by a concurrent callback of the same state with another code, or just expired.
      if ((await this.states.take(state)) === undefined) throw unknownState()
      return { via: stored.kind, context: stored.context }
    })
    if (exchange.status === 'failed') {
      // The state is spent: the desktop showing its QR code learns why it ended.
      const shownOnDesktop =
        stored.kind === 'qr' && (await this.qrStatuses.failed(state, stored, exchange.error))
      return { status: 'failed', error: exchange.error, shownOnDesktop }
    }
    const { merchants } = exchange
    if (stored.kind === 'qr') await this.qrStatuses.authorized(state, stored, merchants)
    return { status: 'authorized', merchants, state }
  }

  private async acceptInvitation(
    code: string,
    browserBindings: readonly string[],
    options: CallbackOptions,
  ): Promise<MerchantToken[]> {
    if (!options.invites) {
      throw new AlipayStateError(
        'missing-state',
        'The callback carries no state, so it cannot be tied to an authorization this app started. Invitations (links and QR codes made in Alipay’s console) come back without state: to accept them, turn on the adapter option `invites: true` (or pass { invites: true } to handleCallback). Otherwise start the authorization from authorizeUrl.',
      )
    }
    await this.codes.refuseIfSeen(code, browserBindings)
    this.invites.take()
    return exchangedMerchants(
      await this.codes.exchangeOnce(code, browserBindings, async () => ({ via: 'invite' })),
    )
  }
}

function unknownState(): AlipayStateError {
  return new AlipayStateError(
    'unknown-or-expired-state',
    'The callback’s state is unknown, already used or expired. Start the authorization again.',
  )
}
