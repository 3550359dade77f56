import { AlipayClient } from '../client/alipay-client.js'
import { httpUrl } from '../client/endpoints.js'
import { isInvalidAppAuthToken } from '../client/error-advice.js'
import type { TokenStatus } from '../client/token-grant.js'
import type { V3HttpMethod } from '../client/v3-call.js'
import { everyRecord } from '../stores/every-record.js'
import type { MerchantPage, MerchantPageRequest } from '../stores/page.js'
import type { JsonValue, MerchantToken } from '../stores/types.js'
import { measureEvents } from '../telemetry/event-metrics.js'
import { Telemetry } from '../telemetry/telemetry.js'
import { type ReencryptReport, reencryptTokens } from '../token-encryption/reencrypt-tokens.js'
import { checkContext } from './authorization-context.js'
import { AuthorizationStates } from './authorization-states.js'
import { type AuthorizeUrlOptions, type AuthorizeUrlResult, consentUrl } from './authorize-url.js'
import {
  CallbackFlow,
  type CallbackOptions,
  type CallbackOutcome,
  type CallbackResult,
} from './callback-flow.js'
import type { CallbackQuery } from './callback-query.js'
import { CodeExchange, exchangedMerchants } from './code-exchange.js'
import { type AppAuthEvents, reportCallFailure } from './events.js'
import { type AuthHealth, summarizeHealth } from './health.js'
import {
  finishInterruptedRefreshes,
  type InterruptedRefreshesReport,
} from './interrupted-refreshes.js'
import {
  type CurlOptions,
  type CurlResult,
  type ExecOptions,
  MerchantCalls,
  type WithTokenOptions,
} from './merchant-calls.js'
import { handleNotify, type NotifyBody, type NotifyOutcome } from './notify-handler.js'
import { type AppAuthOptions, type ResolvedAuthOptions, resolveAuthOptions } from './options.js'
import {
  type QrAuthorization,
  type QrAuthorizationOptions,
  qrConsentUrl,
  startQrAuthorization,
} from './qr-authorization.js'
import { type QrStatus, QrStatuses } from './qr-status.js'
import { RateLimiter } from './rate-limiter.js'
import { TokenRefresher } from './token-refresher.js'
import { TokenRenewals } from './token-renewals.js'
import { TypedEmitter } from './typed-emitter.js'

/**
 * The whole authorization flow (docs/protocol.md §1): send the merchant to Alipay, take the
 * callback, keep every merchant's token fresh, apply Alipay's notifications. Framework-free; the
 * adapters translate requests into these calls.
 */
export class AppAuth {
  readonly appId: string
  readonly client: AlipayClient
  /** How long a started authorization may take; an adapter's state cookie lives as long. */
  readonly stateTtlMs: number
  private readonly options: ResolvedAuthOptions
  private readonly codes: CodeExchange
  private readonly callbacks: CallbackFlow
  private readonly qrStatuses: QrStatuses
  private readonly qrStarts: RateLimiter
  private readonly authorizations: AuthorizationStates
  private readonly refresher: TokenRefresher
  private readonly renewals: TokenRenewals
  private readonly calls: MerchantCalls
  private readonly events = new TypedEmitter<AppAuthEvents>()
  private readonly telemetry = new Telemetry()
  private recovering: Promise<InterruptedRefreshesReport> | undefined
  private started = false
  private closed = false

  constructor(options: AppAuthOptions) {
    this.client = new AlipayClient(options, {
      onAlipayCertificateLearned: (sn) => this.events.emit('alipayCertificateLearned', { sn }),
    })
    this.appId = this.client.appId
    this.options = resolveAuthOptions(options)
    this.stateTtlMs = this.options.stateTtlMs
    const { tokenStore, stateStore, clock } = this.options
    this.codes = new CodeExchange(
      this.client,
      tokenStore,
      stateStore,
      clock,
      this.events,
      this.options.onContextChange,
    )
    // A secret derived in memory from the app's key: no I/O.
    this.authorizations = new AuthorizationStates(
      this.client.deriveSecret('authorization state'),
      stateStore,
      clock,
      this.stateTtlMs,
    )
    const invites = new RateLimiter(
      this.options.invitesPerMinute,
      clock,
      'callbacks without state (invitations)',
      'invitesPerMinute',
    )
    this.qrStarts = new RateLimiter(
      this.options.qrStartsPerMinute,
      clock,
      'QR authorizations started',
      'qrStartsPerMinute',
    )
    this.qrStatuses = new QrStatuses(this.authorizations, stateStore, clock)
    this.callbacks = new CallbackFlow(
      this.appId,
      this.authorizations,
      this.codes,
      invites,
      this.qrStatuses,
    )
    this.refresher = new TokenRefresher(
      this.client,
      tokenStore,
      this.options,
      this.events,
      this.telemetry,
    )
    measureEvents(this.events, this.telemetry)
    this.renewals = new TokenRenewals(async (authAppId, rejectedToken) => {
      const record = await this.refresher.current(authAppId)
      if (record.appAuthToken !== rejectedToken) return record
      return (await this.queryRefreshingIfInvalid(authAppId, record)).record
    })
    this.calls = new MerchantCalls({
      client: this.client,
      getToken: (authAppId) => this.getToken(authAppId),
      renewToken: (authAppId, rejectedToken) => this.reportInvalidToken(authAppId, rejectedToken),
      events: this.events,
      telemetry: this.telemetry,
    })
  }

  /**
   * Starts what runs by itself: the pass over refreshes a crash or a store outage left unfinished
   * (see the README's "Crash-safe refresh"), in the background, tried again for about half a
   * minute while the store is unreachable. The constructor touches no store and no network; the
   * adapters call this when the app is ready, and so should code that uses AppAuth directly. A
   * second call does nothing.
   */
  start(): void {
    if (this.started || this.closed) return
    this.started = true
    void this.finishOnStart()
  }

  /**
   * Step 1: a state tied to the browser's binding and the app's `context`, and the consent page
   * URL. The state is signed, not stored (docs/architecture.md "State"): a visitor who never
   * comes back leaves nothing behind; only a context not seen within the state's lifetime is
   * stored, once. Everything is checked first.
   */
  async authorizeUrl(options: AuthorizeUrlOptions = {}): Promise<AuthorizeUrlResult> {
    const redirectUri =
      options.redirectUri === undefined
        ? this.options.redirectUri
        : httpUrl(options.redirectUri, 'redirectUri')
    const consent = (state: string) =>
      consentUrl(
        this.options.authUrl,
        { appId: this.appId, redirectUri, state },
        options.applicationTypes,
      )
    consent('') // checked before anything is written
    const { state, browserBinding } = await this.authorizations.start('browser', options)
    return { url: consent(state), state, browserBinding }
  }

  /**
   * Step 1 on the phone: a state of kind `qr` and the link its QR code encodes, on the redirect
   * URI's origin. Opened on any device, the link leads to the consent page (`qrConsentUrl`);
   * the callback accepts the state without the browser's cookie; the starting browser follows
   * the outcome through `qrStatus`. At most `qrStartsPerMinute` starts per instance: the rest
   * are refused with AlipayRateLimitedError before anything is signed or written.
   */
  async startQrAuthorization(options: QrAuthorizationOptions): Promise<QrAuthorization> {
    this.qrStarts.take()
    return startQrAuthorization(this.qrSettings(), options)
  }

  /** Where a QR code's link leads while its authorization is pending; undefined after. */
  qrConsentUrl(state: string): Promise<string | undefined> {
    return qrConsentUrl(this.qrSettings(), state)
  }

  private qrSettings() {
    const { authUrl, redirectUri } = this.options
    return { appId: this.appId, authUrl, redirectUri, authorizations: this.authorizations }
  }

  /**
   * A QR authorization's status, for the browser that started it only: `browserBindings` are the
   * verified bindings of its state cookies. Undefined for any other browser.
   */
  qrStatus(
    state: string,
    browserBindings: string | readonly string[] | undefined,
  ): Promise<QrStatus | undefined> {
    const bindings = browserBindings === undefined ? [] : [browserBindings].flat()
    return this.qrStatuses.status(state, bindings)
  }

  /**
   * Step 2: checks the callback, its state and the browser without writing anything; then
   * consumes the state once, exchanges the code at most once and stores one record per
   * authorized merchant app, carrying the state's context. `browserBindings` are the verified
   * bindings of the browser's state cookies (several when cookies were planted beside it).
   */
  async handleCallback(
    query: CallbackQuery,
    browserBindings: string | readonly string[] | undefined,
    options: CallbackOptions = {},
  ): Promise<CallbackResult> {
    const outcome = await this.settleCallback(query, browserBindings, options)
    if (outcome.status === 'failed') throw outcome.error
    const { merchants, state } = outcome
    return state === undefined ? { merchants } : { merchants, state }
  }

  /**
   * `handleCallback`, resolving to what happened instead of throwing: for adapters, which answer
   * a QR callback whose failure the computer shows too (`shownOnDesktop`) differently.
   */
  settleCallback(
    query: CallbackQuery,
    browserBindings: string | readonly string[] | undefined,
    options: CallbackOptions = {},
  ): Promise<CallbackOutcome> {
    const bindings = browserBindings === undefined ? [] : [browserBindings].flat()
    return this.callbacks.settle(query, bindings, options)
  }

  /**
   * Exchanges a code received some other way (stored as `via: 'invite'`, with `context` when
   * given); a code seen before is refused as a duplicate.
   */
  async exchangeCode(
    code: string,
    options: { context?: JsonValue } = {},
  ): Promise<MerchantToken[]> {
    const context = checkContext(options.context)
    return exchangedMerchants(
      await this.codes.exchangeOnce(code, [], async () => ({ via: 'invite', context })),
    )
  }

  /** A valid `app_auth_token`, refreshed ahead of expiry, one refresh at a time per merchant. */
  getToken(authAppId: string): Promise<string> {
    return this.refresher.getToken(authAppId)
  }

  /**
   * Refreshes now, whatever the expiry, and stores the rotated pair. Within `minRefreshIntervalMs`
   * of the pair's issue (by any instance sharing the store) it returns the current pair instead.
   */
  refresh(authAppId: string): Promise<MerchantToken> {
    return this.refresher.refresh(authAppId, 'forced')
  }

  /**
   * Alipay's view of the merchant's token (docs/protocol.md §3 query). When Alipay calls the
   * stored token invalid, the merchant is recovered as `reportInvalidToken` does, then asked again.
   */
  async query(authAppId: string): Promise<TokenStatus> {
    return (await this.queryRefreshingIfInvalid(authAppId, await this.refresher.current(authAppId)))
      .status
  }

  /**
   * For your own API calls: Alipay answered `aop.invalid-app-auth-token` (or
   * `aop.app-auth-token-time-out`) to `appAuthToken`. Checks it with Alipay and, when it is indeed
   * invalid, refreshes the merchant's pair. Resolves to the record to retry with; rejects with
   * `AlipayReauthorizationRequiredError` (the merchant is then marked, with an event) when Alipay
   * refuses the refresh token too. A token that is no longer the stored one changes nothing.
   * Concurrent reports of the same token share one check and one refresh.
   */
  reportInvalidToken(authAppId: string, appAuthToken: string): Promise<MerchantToken> {
    return this.renewals.run(authAppId, appAuthToken)
  }

  /**
   * A v2 gateway call for the merchant (docs/protocol.md §9), with its
   * current token; resolves with the verified response node when Alipay answers `10000`, else
   * rejects with `AlipayApiError`. A token Alipay refuses (`aop.invalid-app-auth-token`,
   * `aop.app-auth-token-time-out`) is renewed as `reportInvalidToken` does and the call repeated
   * once if `idempotent` (default: methods ending in `.query`); otherwise it rejects with
   * `AlipayTokenRenewedError`. An API the merchant did not grant rejects with
   * `AlipayReauthorizationRequiredError`, reason `api-not-granted`.
   */
  exec(
    authAppId: string,
    method: string,
    bizContent?: Record<string, unknown>,
    options?: ExecOptions,
  ): Promise<Record<string, unknown>> {
    return this.calls.exec(authAppId, method, bizContent, options)
  }

  /**
   * A v3 call for the merchant (docs/protocol.md §9), its token in
   * `alipay-app-auth-token`; resolves with `{ status, body, traceId }` for a verified 2xx. Recovers as `exec` does;
   * `idempotent` defaults to true for `GET`.
   */
  curl(
    authAppId: string,
    httpMethod: V3HttpMethod,
    path: string,
    options?: CurlOptions,
  ): Promise<CurlResult> {
    return this.calls.curl(authAppId, httpMethod, path, options)
  }

  /**
   * Your own call for the merchant (e.g. through another SDK), with the recovery of `exec`:
   * `attempt` gets the current token; when it rejects with an error whose `subCode` or `code` says
   * Alipay refused the token, the token is renewed and `attempt` runs once more if `idempotent`.
   * Each attempt is an `apiCall` event.
   */
  withToken<T>(
    authAppId: string,
    attempt: (appAuthToken: string) => Promise<T>,
    options: WithTokenOptions,
  ): Promise<T> {
    return this.calls.withToken(authAppId, attempt, options)
  }

  /**
   * Finishes every refresh that a crash or a store outage left unfinished (see the README's
   * "Crash-safe refresh"). `start()` runs it in the background; call this to wait for that pass,
   * e.g. before a readiness probe reports ready, or to run another.
   */
  finishInterruptedRefreshes(): Promise<InterruptedRefreshesReport> {
    this.recovering ??= finishInterruptedRefreshes(this.options.tokenStore, this.refresher).finally(
      () => {
        this.recovering = undefined
      },
    )
    return this.recovering
  }

  /**
   * Rewrites every stored record under the first of `tokenKeys` (see the README's "Tokens at
   * rest"): after adding a key in front, before dropping the old one. Safe while the app serves
   * (it never overwrites a refresh, an authorization or a cancellation written meanwhile) and to
   * run again after a crash. A record under a key that is not configured is left as it is.
   */
  reencryptTokens(): Promise<ReencryptReport> {
    return reencryptTokens(this.options.tokenStore)
  }

  /** Forgets the merchant locally; Alipay has no revoke API, the merchant cancels on their side. */
  forget(authAppId: string): Promise<void> {
    return this.options.tokenStore.delete(authAppId)
  }

  /** The stored record of one merchant app, whatever its status; undefined when none is stored. */
  getMerchant(authAppId: string): Promise<MerchantToken | undefined> {
    return this.options.tokenStore.get(authAppId)
  }

  /**
   * Every stored merchant app, whatever its status, in no particular order; or, given a page
   * request, one page in ascending `authAppId` order and the `next` to ask for the page after it.
   * With many merchants (thousands and more) page: `{ limit: 100 }`, then `{ after: next, limit: 100 }`.
   */
  listMerchants(): Promise<MerchantToken[]>
  listMerchants(page: MerchantPageRequest): Promise<MerchantPage>
  listMerchants(page?: MerchantPageRequest): Promise<MerchantToken[] | MerchantPage> {
    const { tokenStore } = this.options
    return page === undefined ? tokenStore.list() : tokenStore.listPage(page)
  }

  /**
   * Calls `listener` on every `event` (see `AppAuthEvents`); returns a function that removes it.
   * Payloads carry merchant ids and trace ids, never tokens or keys.
   */
  on<E extends keyof AppAuthEvents>(
    event: E,
    listener: (payload: AppAuthEvents[E]) => void,
  ): () => void {
    return this.events.on(event, listener)
  }

  off<E extends keyof AppAuthEvents>(
    event: E,
    listener: (payload: AppAuthEvents[E]) => void,
  ): void {
    this.events.off(event, listener)
  }

  /** How many merchants are active, due for refresh, expired, cancelled or must authorize again. */
  async health(): Promise<AuthHealth> {
    const { tokenStore, clock, refreshAheadMs } = this.options
    const apiCalls = { ...this.calls.requestCounts(), tokenRenewals: this.renewals.renewed }
    return summarizeHealth(everyRecord(tokenStore), clock(), refreshAheadMs, apiCalls)
  }

  /** Step 5: verifies and applies a notification; answer `body` to Alipay. */
  handleNotify(body: NotifyBody): Promise<NotifyOutcome> {
    const { tokenStore, stateStore, clock } = this.options
    return handleNotify(
      {
        client: this.client,
        tokens: tokenStore,
        states: stateStore,
        clock,
        events: this.events,
        telemetry: this.telemetry,
      },
      body,
    )
  }

  /**
   * Waits for the pass over interrupted refreshes, then closes what this instance created: the
   * default `MemoryStore` when no store was given. Stores passed in stay open: close them after
   * this, once nothing else (a `BackgroundRefresher`) uses them. Do not use the instance afterwards.
   */
  async close(): Promise<void> {
    this.closed = true
    this.refresher.pairWriteRetries.close()
    await this.recovering?.catch(() => undefined)
    await this.options.ownStore?.close()
  }

  /** The pass after start, tried again for about half a minute while the store is unreachable. */
  private async finishOnStart(): Promise<void> {
    for (const delayMs of [1000, 2000, 4000, 8000, 16_000]) {
      try {
        await this.finishInterruptedRefreshes()
        return
      } catch {
        if (this.closed) return
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref())
      }
    }
  }

  /**
   * Alipay's view of `record`, the merchant's current record; when Alipay calls its token invalid,
   * the merchant is recovered with its refresh token and Alipay asked about the new one. Also
   * gives the record the answer is about.
   */
  private async queryRefreshingIfInvalid(
    authAppId: string,
    record: MerchantToken,
  ): Promise<{ status: TokenStatus; record: MerchantToken }> {
    try {
      return { status: await this.queryToken(record), record }
    } catch (error) {
      if (!isInvalidAppAuthToken(error)) throw error
    }
    const rejectedToken = record.appAuthToken
    const recovered = await this.refresher.refresh(authAppId, { rejectedToken })
    return { status: await this.queryToken(recovered), record: recovered }
  }

  private queryToken(record: MerchantToken): Promise<TokenStatus> {
    const { authAppId } = record
    return this.client.queryToken(record.appAuthToken, { authAppId }).catch((error: unknown) => {
      reportCallFailure(this.events, error, 'queryToken', record.authAppId)
      throw error
    })
  }
}
