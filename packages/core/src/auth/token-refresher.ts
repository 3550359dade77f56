import type { AlipayClient } from '../client/alipay-client.js'
import { isDeadRefreshToken } from '../client/error-advice.js'
import type { Clock } from '../clock.js'
import { AlipayError, AlipayReauthorizationRequiredError } from '../errors.js'
import type { MerchantToken, TokenStore } from '../stores/types.js'
import type { Telemetry } from '../telemetry/telemetry.js'
import { type AppAuthEventEmitter, reportCallFailure, summarize } from './events.js'
import { type RecordWriter, refreshAcrossFleet } from './fleet-refresh.js'
import { merchantFromGrant, requireActive } from './merchant-record.js'
import { PairWriteRetries } from './pair-write-retries.js'
import { RefreshRecords } from './refresh-records.js'
import { isStoreOutage, retryStoreWrite } from './store-retry.js'

/**
 * Why a refresh is asked for. `due`: only when the token nears expiry; `forced`: unless the pair
 * was issued within `minRefreshIntervalMs`; `rejected`: Alipay refused this token, so unless the
 * stored one is already another. An unfinished refresh is finished whatever the trigger.
 */
export type RefreshTrigger = 'due' | 'forced' | { rejectedToken: string }

export interface RefresherTiming {
  clock: Clock
  refreshAheadMs: number
  minRefreshIntervalMs: number
}

/**
 * Keeps each merchant's token fresh, one refresh at a time per merchant. Refresh rotates the pair
 * (docs/protocol.md §3), so the intent is stored before Alipay is asked: a crash before the new
 * pair is stored leaves it behind, and the refresh is redone with the same refresh token, which
 * Alipay answers with the pair it issued for a while after rotating.
 */
export class TokenRefresher {
  /** Written again in the background when the store stayed unreachable; close() stops that. */
  readonly pairWriteRetries = new PairWriteRetries()
  private readonly inFlight = new Map<string, Promise<MerchantToken>>()
  private readonly records: RefreshRecords

  constructor(
    private readonly client: AlipayClient,
    private readonly tokens: TokenStore,
    private readonly timing: RefresherTiming,
    private readonly events: AppAuthEventEmitter,
    private readonly telemetry: Telemetry,
  ) {
    this.records = new RefreshRecords(tokens, timing.clock, events)
  }

  async getToken(authAppId: string): Promise<string> {
    const record = requireActive(await this.tokens.get(authAppId), authAppId)
    if (!this.needsRefresh(record, 'due')) return record.appAuthToken
    try {
      return (await this.refresh(authAppId, 'due')).appAuthToken
    } catch (error) {
      // Refreshing starts days ahead: while Alipay is unreachable, the current token still works.
      if (error instanceof AlipayReauthorizationRequiredError || record.expiresAt <= this.now()) {
        throw error
      }
      return record.appAuthToken
    }
  }

  /** The active record, once any unfinished refresh of it is finished. */
  async current(authAppId: string): Promise<MerchantToken> {
    const record = requireActive(await this.tokens.get(authAppId), authAppId)
    return record.refreshStartedAt === undefined ? record : this.refresh(authAppId, 'due')
  }

  /** Single-flight per merchant in this process, and across the fleet when the store coordinates. */
  refresh(authAppId: string, trigger: RefreshTrigger): Promise<MerchantToken> {
    const pending = this.inFlight.get(authAppId)
    if (pending) return pending
    const refreshing = refreshAcrossFleet(this.tokens, authAppId, this.timing.clock, (write) =>
      this.refreshNow(authAppId, trigger, write),
    ).finally(() => this.inFlight.delete(authAppId))
    this.inFlight.set(authAppId, refreshing)
    return refreshing
  }

  private needsRefresh(record: MerchantToken, trigger: RefreshTrigger): boolean {
    if (record.refreshStartedAt !== undefined) return true
    if (trigger === 'due') return record.expiresAt - this.now() < this.timing.refreshAheadMs
    if (trigger === 'forced') {
      const issuedAt = record.issuedAt ?? Number.NEGATIVE_INFINITY
      return this.now() - issuedAt >= this.timing.minRefreshIntervalMs
    }
    return record.appAuthToken === trigger.rejectedToken
  }

  private async refreshNow(
    authAppId: string,
    trigger: RefreshTrigger,
    write: RecordWriter,
  ): Promise<MerchantToken> {
    const record = requireActive(await this.tokens.get(authAppId), authAppId)
    // Another caller (or instance) may have refreshed since this one read the record.
    if (!this.needsRefresh(record, trigger)) return record
    const interrupted = record.refreshStartedAt !== undefined
    // Redoing a refresh that Alipay may have answered already: count expiries from its start.
    const issuedAt = record.refreshStartedAt ?? this.now()
    const intent = { ...record, refreshStartedAt: issuedAt, updatedAt: this.now() }
    const started = interrupted ? record : await this.records.writeOver(record, intent, write)
    if (started !== record && started !== intent) return started
    let grants: Awaited<ReturnType<AlipayClient['refreshToken']>>
    try {
      grants = await this.client.refreshToken(record.appRefreshToken, { authAppId })
    } catch (error) {
      this.reportFailure(record, error)
      if (!isDeadRefreshToken(error)) throw error
      return this.records.markDead(started, error, write, interrupted)
    }
    const grant = grants.find((candidate) => candidate.authAppId === authAppId) ?? grants[0]!
    const next = merchantFromGrant(grant, issuedAt, record.authorizedAt, this.now(), record)
    // Alipay has rotated the pair: store the new one through a short store outage, and keep
    // trying in the background through a long one.
    const store = () => this.records.writeOver(started, next, write)
    const stored = await retryStoreWrite(store).catch((error: unknown) => {
      if (isStoreOutage(error)) this.pairWriteRetries.retry(authAppId, store)
      throw error
    })
    if (stored === next) {
      if (record.issuedAt !== undefined) {
        const ageSeconds = (issuedAt - record.issuedAt) / 1000
        this.telemetry.instruments()?.tokenAgeAtRefresh.record(ageSeconds)
      }
      const { userId, expiresAt } = next
      this.events.emit('tokenRefreshed', { authAppId, userId, expiresAt, traceId: grant.traceId })
    }
    return stored
  }

  private reportFailure({ authAppId, userId }: MerchantToken, error: unknown): void {
    const traceId = error instanceof AlipayError ? error.traceId : undefined
    this.events.emit('refreshFailed', { authAppId, userId, error: summarize(error), traceId })
    reportCallFailure(this.events, error, 'refreshToken', authAppId)
  }

  private now(): number {
    return this.timing.clock()
  }
}
