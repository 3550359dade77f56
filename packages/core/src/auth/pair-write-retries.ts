import { isStoreOutage } from './store-retry.js'

const FIRST_DELAY_MS = 1000
const MAX_DELAY_MS = 10_000

/**
 * Pairs Alipay issued that the store would not take within the write's retries (a long store
 * outage). This process still holds them, and a spent refresh token is answered only for a while,
 * so they are written again in the background, backing off up to 10 s, until the store takes
 * them, the record changed meanwhile, or AppAuth closes. Their intent stays stored meanwhile: if
 * this process dies first, the refresh is redone after restart.
 */
export class PairWriteRetries {
  private readonly pending = new Map<string, () => Promise<unknown>>()
  private timer: NodeJS.Timeout | undefined
  private closed = false

  /** `write` stores the pair for `authAppId`; the latest one given for a merchant wins. */
  retry(authAppId: string, write: () => Promise<unknown>): void {
    this.pending.set(authAppId, write)
    this.schedule(FIRST_DELAY_MS)
  }

  close(): void {
    this.closed = true
    clearTimeout(this.timer)
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.closed) return
    this.timer = setTimeout(() => void this.flush(delayMs), delayMs)
    this.timer.unref()
  }

  private async flush(delayMs: number): Promise<void> {
    this.timer = undefined
    for (const [authAppId, write] of [...this.pending]) {
      try {
        await write()
        this.pending.delete(authAppId)
      } catch (error) {
        // Another instance took over, or the record changed: the answer is not needed any more.
        if (!isStoreOutage(error)) this.pending.delete(authAppId)
      }
    }
    if (this.pending.size > 0) this.schedule(Math.min(2 * delayMs, MAX_DELAY_MS))
  }
}
