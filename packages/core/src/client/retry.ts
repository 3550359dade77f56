import { AlipayError, AlipayTimeoutError, AlipayTransportError } from '../errors.js'
import type { RetryListener } from '../telemetry/call-span.js'

/**
 * `'transient'`: calls that change nothing, or whose repeat is harmless (refresh, query), retry
 * on transport errors, timeouts and 5xx. `'refused-only'`: everything else (a code is single-use)
 * retries only when the connection was refused before anything was sent.
 */
export type RetryPolicy = 'transient' | 'refused-only'

const BACKOFF_MS = [100, 300]

/** Runs `attempt` until it succeeds, or fails in a way `policy` does not retry; tells `onRetry` of each retry. */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: () => Promise<T>,
  onRetry?: RetryListener,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt()
    } catch (error) {
      const delay = BACKOFF_MS[retry]
      if (delay === undefined || !isRetriable(error, policy)) throw error
      onRetry?.(error, retry + 1, delay)
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
}

function isRetriable(error: unknown, policy: RetryPolicy): boolean {
  if (error instanceof AlipayTransportError && error.beforeSend) return true
  if (policy === 'refused-only') return false
  if (error instanceof AlipayTransportError || error instanceof AlipayTimeoutError) return true
  return error instanceof AlipayError && (error.httpStatus ?? 0) >= 500
}
