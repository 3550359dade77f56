import type { AlipayClient } from '../client/alipay-client.js'
import { DEAD_REFRESH_TOKEN_CODES } from '../client/error-advice.js'
import type { Clock } from '../clock.js'
import { AlipayApiError, AlipayError, AlipayReauthorizationRequiredError } from '../errors.js'
import type { MerchantToken, TokenStore } from '../stores/types.js'
import { type AppAuthEventEmitter, reportCallFailure, summarize } from './events.js'
import { type RecordWriter, refreshAcrossFleet } from './fleet-refresh.js'
import { merchantFromGrant, provenanceOf, requireActive } from './merchant-record.js'

/** Keeps each merchant's token fresh: refresh ahead of expiry, one refresh at a time per merchant. */
export class TokenRefresher {
  private readonly inFlight = new Map<string, Promise<MerchantToken>>()

  constructor(
    private readonly client: AlipayClient,
    private readonly tokens: TokenStore,
    private readonly clock: Clock,
    private readonly refreshAheadMs: number,
    private readonly events: AppAuthEventEmitter,
  ) {}

  async getToken(authAppId: string): Promise<string> {
    const record = requireActive(await this.tokens.get(authAppId), authAppId)
    if (!this.isDue(record)) return record.appAuthToken
    try {
      return (await this.refresh(authAppId, false)).appAuthToken
    } catch (error) {
      // Refreshing starts days ahead: while Alipay is unreachable, the current token still works.
      if (error instanceof AlipayReauthorizationRequiredError || record.expiresAt <= this.clock()) {
        throw error
      }
      return record.appAuthToken
    }
  }

  /** Single-flight per merchant; `force` refreshes even a token that is not due. */
  refresh(authAppId: string, force: boolean): Promise<MerchantToken> {
    const pending = this.inFlight.get(authAppId)
    if (pending) return pending
    const refreshing = refreshAcrossFleet(this.tokens, authAppId, this.clock, (write) =>
      this.refreshNow(authAppId, force, write),
    ).finally(() => this.inFlight.delete(authAppId))
    this.inFlight.set(authAppId, refreshing)
    return refreshing
  }

  private isDue(record: MerchantToken): boolean {
    return record.expiresAt - this.clock() < this.refreshAheadMs
  }

  private async refreshNow(
    authAppId: string,
    force: boolean,
    write: RecordWriter,
  ): Promise<MerchantToken> {
    const record = requireActive(await this.tokens.get(authAppId), authAppId)
    // Another caller (or instance) may have refreshed since this one read the record.
    if (!force && !this.isDue(record)) return record
    const issuedAt = this.clock()
    let grants: Awaited<ReturnType<AlipayClient['refreshToken']>>
    try {
      grants = await this.client.refreshToken(record.appRefreshToken)
    } catch (error) {
      this.reportFailure(record, error)
      if (isDeadRefreshToken(error)) return this.markDead(record, error, write)
      throw error
    }
    // Refresh rotates the pair (docs/protocol.md §3): the old refresh token is spent, so store the new one.
    const grant = grants.find((candidate) => candidate.authAppId === authAppId) ?? grants[0]!
    const provenance = provenanceOf(record)
    const next = merchantFromGrant(grant, issuedAt, record.authorizedAt, this.clock(), provenance)
    const stored = await this.writeOver(record, next, write)
    if (stored === next) {
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

  /**
   * Writes a refresh's outcome only over the record it started from. A cancellation or a
   * re-authorization stored meanwhile (a notification, a callback) wins: the current record is
   * returned instead, or, when it cannot produce tokens, why not is thrown.
   */
  private async writeOver(
    started: MerchantToken,
    next: MerchantToken,
    write: RecordWriter,
  ): Promise<MerchantToken> {
    const current = await this.tokens.get(started.authAppId)
    if (!isSameAuthorization(current, started)) return requireActive(current, started.authAppId)
    await write(next)
    return next
  }

  /** Dead unless a re-authorization replaced the refresh token meanwhile: then that is the result. */
  private async markDead(
    record: MerchantToken,
    error: AlipayApiError,
    write: RecordWriter,
  ): Promise<MerchantToken> {
    const dead: MerchantToken = {
      ...record,
      status: 'needs-reauthorization',
      updatedAt: this.clock(),
    }
    const written = await this.writeOver(record, dead, write)
    if (written.status === 'active') return written
    const { authAppId, userId } = record
    this.events.emit('reauthorizationRequired', {
      authAppId,
      userId,
      reason: 'refresh-token-dead',
      traceId: error.traceId,
    })
    throw new AlipayReauthorizationRequiredError(
      record.authAppId,
      'refresh-token-dead',
      `Alipay no longer accepts the refresh token of merchant app ${record.authAppId} (${error.subCode ?? error.code}); send the merchant through authorization again.`,
      error,
    )
  }
}

function isSameAuthorization(current: MerchantToken | undefined, started: MerchantToken): boolean {
  return (
    current?.status === 'active' &&
    current.appRefreshToken === started.appRefreshToken &&
    current.authorizedAt === started.authorizedAt
  )
}

function isDeadRefreshToken(error: unknown): error is AlipayApiError {
  return (
    error instanceof AlipayApiError &&
    (DEAD_REFRESH_TOKEN_CODES.has(error.subCode ?? '') ||
      DEAD_REFRESH_TOKEN_CODES.has(error.code ?? ''))
  )
}
