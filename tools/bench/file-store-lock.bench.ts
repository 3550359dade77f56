import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { AppendLog } from '../../packages/core/src/stores/append-log.js'
import { FileStore } from '../../packages/core/src/stores/file-store.js'
import { encodeLine } from '../../packages/core/src/stores/log-format.js'
import type { MerchantToken } from '../../packages/core/src/stores/types.js'
import { inTemporaryDirectory, ratioResult, sampleToken } from './bench-helpers.js'
import { concurrentSlice, interleavedRates } from './interleaved.js'
import type { BenchResult } from './types.js'

/** FileStore's compaction rule (file-store.ts), so both sides rewrite their logs alike. */
const COMPACT_MIN_LINES = 1000
const COMPACT_RATIO = 2
const MERCHANTS = 500

/**
 * What the directory lock costs a FileStore's writes: `set` through a locked FileStore against
 * the append log it writes through, unlocked and compacted by the same rule (FileStore's write
 * path before the lock), with the same records, alone and 64 at a time, in alternating slices.
 * Every write is fsynced in both.
 */
export function run(): Promise<BenchResult[]> {
  return inTemporaryDirectory(async (root) => {
    const results: BenchResult[] = []
    for (const concurrency of [1, 64]) {
      const store = await FileStore.open({ dir: join(root, `store-${concurrency}`) })
      const unlocked = await unlockedLog(join(root, `log-${concurrency}`))
      const rates = await interleavedRates([
        concurrentSlice(concurrency, (i) => unlocked.set(sampleToken(i, MERCHANTS))),
        concurrentSlice(concurrency, (i) => store.set(sampleToken(i, MERCHANTS))),
      ])
      await store.close()
      await unlocked.close()
      const baseline = 'the same append log and group commit without the directory lock'
      const name = `FileStore set with the lock, concurrency ${concurrency}`
      results.push(
        ratioResult({ bench: 'file-store-lock', case: name, unit: 'writes/s', baseline }, rates),
      )
    }
    return results
  })
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
