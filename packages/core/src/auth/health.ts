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
  /** Alipay refused the refresh token: the merchant must authorize again. */
  needsReauthorization: number
  /** The merchant cancelled the authorization. */
  cancelled: number
}

/** Counts over every record: one pass, no call to Alipay. */
export function summarizeHealth(
  records: readonly MerchantToken[],
  now: number,
  refreshAheadMs: number,
): AuthHealth {
  const health: AuthHealth = {
    merchants: records.length,
    active: 0,
    dueForRefresh: 0,
    expired: 0,
    needsReauthorization: 0,
    cancelled: 0,
  }
  for (const record of records) {
    if (record.status === 'cancelled') health.cancelled++
    else if (record.status === 'needs-reauthorization') health.needsReauthorization++
    else {
      health.active++
      if (record.expiresAt - now < refreshAheadMs) health.dueForRefresh++
      if (record.expiresAt <= now) health.expired++
    }
  }
  return health
}
