import { AlipayStateError } from '../errors.js'
import type { MerchantToken } from '../stores/types.js'
import type { AuthorizationStates, StartedAuthorization } from './authorization-states.js'
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
 * that only reads (parameters, the code's shape, the state's signature, age and use, the browser binding, an
 * earlier claim of the code) comes first; only a callback that passes them all takes its state
 * and claims its code.
 */
export class CallbackFlow {
  constructor(
    private readonly appId: string,
    private readonly authorizations: AuthorizationStates,
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
    const started = this.authorizations.verify(state)
    if (started === undefined || (await this.authorizations.isConsumed(state))) {
      // Already completed (a replay, a double click) is told apart from never issued or expired.
      await this.codes.refuseIfSeen(code, browserBindings)
      throw started === undefined ? unknownState() : completedState(started)
    }
    // Only a QR state is completed elsewhere: on a phone, without the starting browser's cookies.
    if (started.kind !== 'qr' && !this.authorizations.presentsBinding(started, browserBindings)) {
      throw new AlipayStateError(
        'browser-mismatch',
        'The callback reached a different browser than the one that started the authorization (its state cookie is missing or does not match). Start the authorization again in one browser.',
      )
    }
    const kept = await this.authorizations.contextOf(started)
    if (kept === null) throw unknownState()
    const exchange = await this.codes.exchangeOnce(code, browserBindings, async () => {
      // Taken by a concurrent callback of the same state with another code, or just expired.
      if (!(await this.authorizations.consume(state, started))) throw completedState(started)
      return { via: started.kind, ...kept }
    })
    if (exchange.status === 'failed') {
      // The state is spent: the desktop showing its QR code learns why it ended.
      const shownOnDesktop =
        started.kind === 'qr' && (await this.qrStatuses.failed(state, started, exchange.error))
      return { status: 'failed', error: exchange.error, shownOnDesktop }
    }
    const { merchants } = exchange
    if (started.kind === 'qr') await this.qrStatuses.authorized(state, started, merchants)
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

/** A QR code is opened on several phones: the first to come back completes it, the others learn so. */
function completedState(started: StartedAuthorization): AlipayStateError {
  if (started.kind !== 'qr') return unknownState()
  return new AlipayStateError(
    'qr-used-elsewhere',
    'Another phone already completed the authorization of this QR code; this callback was not used (its code was not exchanged). Look at the computer that showed the QR code.',
  )
}

function unknownState(): AlipayStateError {
  return new AlipayStateError(
    'unknown-or-expired-state',
    'The callback’s state is unknown, already used or expired. Start the authorization again.',
  )
}
