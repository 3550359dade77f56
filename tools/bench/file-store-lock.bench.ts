import { mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppendLog } from '../../packages/core/src/stores/append-log.js'
import { FileStore } from '../../packages/core/src/stores/file-store.js'
import { encodeLine } from '../../packages/core/src/stores/log-format.js'
import type { MerchantToken } from '../../packages/core/src/stores/types.js'
import { concurrentSlice, interleavedRates } from './interleaved.js'
import type { BenchResult } from './types.js'

/** FileStore's compaction rule (file-store.ts), so both sides rewrite their logs alike. */
const COMPACT_MIN_LINES = 1000
const COMPACT_RATIO = 2
const BASELINE = 'the same append log and group commit without the directory lock'

/**
 * What the directory lock costs a FileStore's writes: `set` through a locked FileStore against
 * the append log it writes through, unlocked and compacted by the same rule (FileStore's write
 * path before the lock), with the same records, alone and 64 at a time. Every write is fsynced in both.
 */
export async function run(): Promise<BenchResult[]> {
  const root = await mkdtemp(join(tmpdir(), 'alipay-lock-bench-'))
  try {
    const results: BenchResult[] = []
    for (const concurrency of [1, 64]) {
      const store = await FileStore.open({ dir: join(root, `store-${concurrency}`) })
      const unlocked = await unlockedLog(join(root, `log-${concurrency}`))
      const [baseline, value] = await interleavedRates([
        concurrentSlice(concurrency, (i) => unlocked.set(token(i))),
        concurrentSlice(concurrency, (i) => store.set(token(i))),
      ])
      await store.close()
      await unlocked.close()
      results.push({
        bench: 'file-store-lock',
        case: `FileStore set with the lock, concurrency ${concurrency}`,
        value: Math.round(value),
        unit: 'writes/s',
        baseline: BASELINE,
        baseline_value: Math.round(baseline),
        ratio: Math.round((value / baseline) * 100) / 100,
      })
    }
    return results
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

/** FileStore's write path without the lock: the log, and compaction by FileStore's rule. */
async function unlockedLog(path: string) {
  const live = new Map<string, string>()
  const log = new AppendLog(path, await open(path, 'a', 0o600), 0, {
    compaction: (lines) =>
      lines < COMPACT_MIN_LINES || lines < COMPACT_RATIO * live.size
        ? undefined
        : [...live.values()],
    beforeWrite: async () => {},
  })
  return {
    set: (record: MerchantToken) => {
      const line = encodeLine({ op: 'set', token: record })
      live.set(record.authAppId, line)
      return log.append(line)
    },
    close: () => log.close(),
  }
}

function token(i: number): MerchantToken {
  const authAppId = String(2021000000000000 + (i % 500))
  return {
    authAppId,
    userId: '2088000000000001',
    appAuthToken: `202601BB${authAppId}0123456789abcdef01234567`,
    appRefreshToken: `202601BB${authAppId}fedcba9876543210fedcba98`,
    expiresAt: 1_800_000_000_000,
    refreshExpiresAt: 1_800_600_000_000,
    authorizedAt: 1_770_000_000_000,
    updatedAt: 1_770_000_000_000 + i,
    status: 'active',
    via: 'browser',
  }
}
