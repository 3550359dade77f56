import { AlipayReauthorizationRequiredError } from '../errors.js'
import { LeaseSuperseded } from './fleet-refresh.js'

/**
 * Pauses between attempts to store a refresh's outcome: about 6 s in all, within a fleet lease.
 * Alipay has already rotated the pair by then, so giving up early would throw the new one away.
 */
const RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1600, 3200]

/**
 * Runs `write` until it succeeds, through a store outage of a few seconds. Errors that are an
 * answer rather than an outage (another instance took over, the merchant must authorize again)
 * end it at once. Once it gives up, the refresh intent stays stored: the refresh is finished
 * (redone with the same refresh token) before the merchant is used again, or after a restart.
 */
export async function retryStoreWrite<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write()
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt]
      if (delay === undefined || !isStoreOutage(error)) throw error
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
}

/** Any failure but an answer: another instance took over, or the merchant must authorize again. */
export function isStoreOutage(error: unknown): boolean {
  return !(error instanceof LeaseSuperseded || error instanceof AlipayReauthorizationRequiredError)
}
