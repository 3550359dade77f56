import type { Clock } from '../clock.js'
import { AlipayRateLimitedError, type RateLimitOption } from '../errors.js'

const MINUTE = 60_000

/**
 * A token bucket in process memory: `perMinute` requests at once, then one more every
 * `60 s / perMinute`. Used for what anyone can send and costs the app something: callbacks
 * without state (each a call to Alipay) and QR starts (each a signed state and a QR code);
 * nothing of it is written to a store.
 */
export class RateLimiter {
  private available: number
  private refilledAt: number

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
    private readonly what: string,
    private readonly limit: RateLimitOption,
  ) {
    this.available = perMinute
    this.refilledAt = clock()
  }

  /** Takes one request's worth, or throws saying when to try again. */
  take(): void {
    const now = this.clock()
    const interval = MINUTE / this.perMinute
    const refill = Math.floor((now - this.refilledAt) / interval)
    if (refill > 0) {
      this.available = Math.min(this.perMinute, this.available + refill)
      this.refilledAt =
        this.available === this.perMinute ? now : this.refilledAt + refill * interval
    }
    if (this.available > 0) {
      this.available--
      return
    }
    const retryAfterMs = Math.max(1, Math.ceil(this.refilledAt + interval - now))
    throw new AlipayRateLimitedError(
      `More than ${this.perMinute} ${this.what} arrived within a minute; this one was refused without being processed. Try again in ${Math.ceil(retryAfterMs / 1000)} s.`,
      retryAfterMs,
      this.limit,
    )
  }
}
