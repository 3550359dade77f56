import { AlipayReauthorizationRequiredError } from '../errors.js'
import { recordsWhere } from '../stores/every-record.js'
import type { TokenStore } from '../stores/types.js'
import { forEachBounded } from './for-each-bounded.js'
import type { TokenRefresher } from './token-refresher.js'

/** What one pass over the unfinished refreshes did. */
export interface InterruptedRefreshesReport {
  /** Finished: the merchant has its current pair again. */
  finished: number
  /** Alipay no longer answers the old refresh token: marked `needs-reauthorization`, with an event. */
  needsReauthorization: number
  /** Could not be finished now (Alipay or the store unreachable): still marked, tried again on use. */
  failed: number
}

/** Merchants finished at once: enough to keep a restart short without flooding Alipay. */
const CONCURRENCY = 4

/**
 * Finishes every refresh that a crash or a store outage left unfinished, by redoing it with the
 * same refresh token. Alipay answers a spent refresh token with the pair it issued only for a
 * while after rotating, so this runs right after start rather than waiting for each merchant's
 * next use.
 */
export async function finishInterruptedRefreshes(
  tokens: TokenStore,
  refresher: TokenRefresher,
): Promise<InterruptedRefreshesReport> {
  const unfinished = await recordsWhere(
    tokens,
    (record) => record.status === 'active' && record.refreshStartedAt !== undefined,
  )
  const report: InterruptedRefreshesReport = { finished: 0, needsReauthorization: 0, failed: 0 }
  await forEachBounded(unfinished, CONCURRENCY, async ({ authAppId }) => {
    try {
      await refresher.current(authAppId)
      report.finished++
    } catch (error) {
      if (error instanceof AlipayReauthorizationRequiredError) report.needsReauthorization++
      else report.failed++
    }
  })
  return report
}
