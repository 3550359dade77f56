import { AlipayClient } from '../client/alipay-client.js'
import { httpUrl } from '../client/endpoints.js'
import type { TokenStatus } from '../client/token-grant.js'
import { AlipayStateError } from '../errors.js'
import type { MerchantToken } from '../stores/types.js'
import {
  type AuthorizeUrlOptions,
  type AuthorizeUrlResult,
  consentUrl,
  randomToken,
} from './authorize-url.js'
import { type CallbackQuery, readCallback, sameSecret } from './callback-query.js'
import { CodeExchange } from './code-exchange.js'
import { type AppAuthEvents, reportCallFailure } from './events.js'
import { type AuthHealth, summarizeHealth } from './health.js'
import { type Provenance, provenanceOf, requireActive } from './merchant-record.js'
import { handleNotify, type NotifyBody, type NotifyOutcome } from './notify-handler.js'
import { type AppAuthOptions, type ResolvedAuthOptions, resolveAuthOptions } from './options.js'
import { TokenRefresher } from './token-refresher.js'
import { TypedEmitter } from './typed-emitter.js'

/**
 * The whole authorization flow (docs/protocol.md §1): send the merchant to Alipay, take the callback,
 * keep every merchant's token fresh, apply Alipay's notifications. Framework-free; the
 * adapters translate requests into these calls.
 */
export class AppAuth {
  readonly appId: string
  readonly client: AlipayClient
  /** How long a started authorization may take; an adapter's state cookie lives as long. */
  readonly stateTtlMs: number
  private readonly options: ResolvedAuthOptions
  private readonly codes: CodeExchange
  private readonly refresher: TokenRefresher
  private readonly events = new TypedEmitter<AppAuthEvents>()

  constructor(options: AppAuthOptions) {
    this.client = new AlipayClient(options)
    this.appId = this.client.appId
    this.options = resolveAuthOptions(options)
    this.stateTtlMs = this.options.stateTtlMs
    const { tokenStore, stateStore, clock, refreshAheadMs } = this.options
    this.codes = new CodeExchange(this.client, tokenStore, stateStore, clock, this.events)
    this.refresher = new TokenRefresher(this.client, tokenStore, clock, refreshAheadMs, this.events)
  }

  /** Step 1: a fresh state, stored with its browser binding, and the consent page URL. */
  async authorizeUrl(options: AuthorizeUrlOptions = {}): Promise<AuthorizeUrlResult> {
    const redirectUri =
      options.redirectUri === undefined
        ? this.options.redirectUri
        : httpUrl(options.redirectUri, 'redirectUri')
    const state = randomToken()
    const browserBinding = randomToken()
    const url = consentUrl(
      this.options.authUrl,
      { appId: this.appId, redirectUri, state },
      options.applicationTypes,
    )
    await this.options.stateStore.put(
      state,
      { browserBinding, redirectUri, createdAt: this.options.clock(), kind: 'browser' },
      this.options.stateTtlMs,
    )
    return { url, state, browserBinding }
  }

  /**
   * Step 2: checks the callback, consumes its state once, checks the browser, exchanges the
   * code at most once and stores one record per authorized merchant app.
   */
  async handleCallback(
    query: CallbackQuery,
    browserBinding: string | undefined,
  ): Promise<{ merchants: MerchantToken[]; state: string }> {
    const { state, code } = readCallback(query, this.appId)
    const merchants = await this.codes.exchangeOnce(code, browserBinding, () =>
      this.consumeState(state, browserBinding),
    )
    return { merchants, state }
  }

  /** Exchanges a code received some other way; a code seen before is refused as a duplicate. */
  exchangeCode(code: string): Promise<MerchantToken[]> {
    return this.codes.exchangeOnce(code, undefined, async () => ({ via: 'invite' }))
  }

  /** A valid `app_auth_token`, refreshed ahead of expiry, one refresh at a time per merchant. */
  getToken(authAppId: string): Promise<string> {
    return this.refresher.getToken(authAppId)
  }

  /** Refreshes now, whatever the expiry; rotates the stored token pair. */
  refresh(authAppId: string): Promise<MerchantToken> {
    return this.refresher.refresh(authAppId, true)
  }

  /** Alipay's view of the merchant's token (docs/protocol.md §3 query). */
  async query(authAppId: string): Promise<TokenStatus> {
    const record = requireActive(await this.options.tokenStore.get(authAppId), authAppId)
    return this.client.queryToken(record.appAuthToken).catch((error: unknown) => {
      reportCallFailure(this.events, error, 'queryToken', authAppId)
      throw error
    })
  }

  /** Forgets the merchant locally; Alipay has no revoke API, the merchant cancels on their side. */
  revoke(authAppId: string): Promise<void> {
    return this.options.tokenStore.delete(authAppId)
  }

  /** The stored record of one merchant app, whatever its status; undefined when none is stored. */
  getMerchant(authAppId: string): Promise<MerchantToken | undefined> {
    return this.options.tokenStore.get(authAppId)
  }

  listMerchants(): Promise<MerchantToken[]> {
    return this.options.tokenStore.list()
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
    return summarizeHealth(await tokenStore.list(), clock(), refreshAheadMs)
  }

  /** Step 5: verifies and applies a notification; answer `body` to Alipay. */
  handleNotify(body: NotifyBody): Promise<NotifyOutcome> {
    const { tokenStore, stateStore, clock } = this.options
    return handleNotify(
      { client: this.client, tokens: tokenStore, states: stateStore, clock, events: this.events },
      body,
    )
  }

  /**
   * Closes the stores this instance uses: those given in its options and the default one it
   * made. For whoever built the instance (an adapter closes the one it built from options, never
   * one passed in). Do not use the instance afterwards.
   */
  async close(): Promise<void> {
    const { tokenStore, stateStore } = this.options
    for (const store of new Set<{ close?(): Promise<void> }>([tokenStore, stateStore])) {
      await store.close?.()
    }
  }

  private async consumeState(
    state: string,
    browserBinding: string | undefined,
  ): Promise<Provenance> {
    const stored = await this.options.stateStore.take(state)
    if (stored === undefined) {
      throw new AlipayStateError(
        'unknown-or-expired-state',
        'The callback’s state is unknown, already used or expired. Start the authorization again.',
      )
    }
    if (!sameSecret(stored.browserBinding, browserBinding)) {
      throw new AlipayStateError(
        'browser-mismatch',
        'The callback reached a different browser than the one that started the authorization (its state cookie is missing or does not match). Start the authorization again in one browser.',
      )
    }
    return provenanceOf({ via: stored.kind, context: stored.context })
  }
}
