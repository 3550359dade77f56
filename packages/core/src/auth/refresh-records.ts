import type { Clock } from '../clock.js'
import type { AlipayApiError } from '../errors.js'
import type { MerchantToken, TokenStore } from '../stores/types.js'
import type { AppAuthEventEmitter } from './events.js'
import type { RecordWriter } from './fleet-refresh.js'
import { refreshTokenDeadError, requireActive, withoutRefreshIntent } from './merchant-record.js'
import { retryStoreWrite } from './store-retry.js'

/** Stores what a refresh produced (its intent, the new pair, the merchant marked dead). */
export class RefreshRecords {
  constructor(
    private readonly tokens: TokenStore,
    private readonly clock: Clock,
    private readonly events: AppAuthEventEmitter,
  ) {}

  /**
   * Writes a refresh's outcome only over the record it started from. A cancellation or a
   * re-authorization stored meanwhile (a notification, a callback) wins: the current record is
   * returned instead, or, when it cannot produce tokens, why not is thrown.
   */
  async writeOver(
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
  async markDead(
    started: MerchantToken,
    error: AlipayApiError,
    write: RecordWriter,
    interrupted: boolean,
  ): Promise<MerchantToken> {
    const reason = interrupted ? 'refresh-interrupted' : 'refresh-token-dead'
    const dead = withoutRefreshIntent({
      ...started,
      status: 'needs-reauthorization',
      reauthorizationReason: reason,
      updatedAt: this.clock(),
    })
    const written = await retryStoreWrite(() => this.writeOver(started, dead, write))
    if (written.status === 'active') return written
    const { authAppId, userId } = started
    this.events.emit('reauthorizationRequired', {
      authAppId,
      userId,
      reason,
      traceId: error.traceId,
    })
    throw refreshTokenDeadError(authAppId, reason, error.subCode ?? error.code, error)
  }
}

function isSameAuthorization(current: MerchantToken | undefined, started: MerchantToken): boolean {
  return (
    current?.status === 'active' &&
    current.appRefreshToken === started.appRefreshToken &&
    current.authorizedAt === started.authorizedAt
  )
}
