import { forEachBounded } from '../auth/for-each-bounded.js'
import { AlipayConfigError } from '../errors.js'
import { everyRecord } from '../stores/every-record.js'
import type { SealedTokenStore } from './sealed-token-store.js'

/** What one pass of `reencryptTokens()` did, one count per stored record. */
export interface ReencryptReport {
  /** Rewritten under the first key. */
  reencrypted: number
  /** Already under the first key (or deleted meanwhile): nothing written. */
  unchanged: number
  /** Left as they were: under a key `tokenKeys` does not hold, or the store refused the write. */
  failed: number
}

/** Records rewritten at once: enough to finish quickly, few enough to leave the store to the fleet. */
const CONCURRENCY = 4

/**
 * Rewrites every record under the first key, one record per write, so that a crash leaves each
 * record either as it was or done, and a second run finishes what the first did not.
 */
export async function reencryptTokens(store: SealedTokenStore): Promise<ReencryptReport> {
  if (store.cipher.currentKeyId === undefined) {
    throw new AlipayConfigError(
      'reencryptTokens() needs tokenKeys: configure the key to encrypt under first. Make one with `openssl rand -base64 32`.',
    )
  }
  const ids: string[] = []
  for await (const { authAppId } of everyRecord(store.inner)) ids.push(authAppId)
  const report: ReencryptReport = { reencrypted: 0, unchanged: 0, failed: 0 }
  await forEachBounded(ids, CONCURRENCY, async (authAppId) => {
    try {
      report[await store.reencrypt(authAppId)]++
    } catch {
      report.failed++
    }
  })
  return report
}
