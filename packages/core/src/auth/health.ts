import type { MerchantToken } from '../stores/types.js'

/** How the stored merchants stand, for a health endpoint or a dashboard. */
export interface AuthHealth {
  /** Every merchant app in the token store. */
  merchants: number
  /** Tokens can be produced for these. */
  active: number
  /** Active, expiring within `refreshAheadMs`: the next `getToken` refreshes them. */
  dueForRefresh: number
  /** Active, but already expired: refreshing them has been failing. Included in `dueForRefresh`. */
  expired: number
  /**
   * Active, with a refresh that a crash or a store outage left unfinished: it is finished before
   * the merchant is used, and by the pass after start. Above 0 for long: Alipay is unreachable.
   */
  refreshUnfinished: number
  /** Alipay refused the refresh token: the merchant must authorize again. */
  needsReauthorization: number
  /** The merchant cancelled the authorization. */
  cancelled: number
  /** Calls made for merchants by this instance since it started (see `ApiCallCounts`). */
  apiCalls: ApiCallCounts
}

/** Requests sent for merchants (as the `apiCall` event counts them: repeats included), and renewals. */
export interface ApiCallCounts {
  /** Answered with success. */
  succeeded: number
  /** Refused by Alipay, or not answered. */
  failed: number
  /**
   * Merchant tokens renewed because Alipay refused them (in a call, or `reportInvalidToken`):
   * once per renewal, however many callers met the refusal.
   */
  tokenRenewals: number
}

/** Counts over every record: one pass, no call to Alipay. */
export async function summarizeHealth(
  records: AsyncIterable<MerchantToken>,
  now: number,
  refreshAheadMs: number,
  apiCalls: ApiCallCounts,
): Promise<AuthHealth> {
  const health: AuthHealth = {
    merchants: 0,
    active: 0,
    dueForRefresh: 0,
    expired: 0,
    refreshUnfinished: 0,
    needsReauthorization: 0,
    cancelled: 0,
    apiCalls: { ...apiCalls },
  }
  for await (const record of records) {
    health.merchants++
    if (record.status === 'cancelled') health.cancelled++
    else if (record.status === 'needs-reauthorization') health.needsReauthorization++
    else {
      health.active++
      if (record.expiresAt - now < refreshAheadMs) health.dueForRefresh++
      if (record.expiresAt <= now) health.expired++
      if (record.refreshStartedAt !== undefined) health.refreshUnfinished++
    }
  }
  return health
}
