import { appendFileSync, closeSync, fsyncSync, openSync } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileStore } from '../../packages/core/src/stores/file-store.js'
import type { MerchantToken } from '../../packages/core/src/stores/types.js'
import { sampleToken } from './bench-helpers.js'
import type { BenchResult } from './types.js'

const CASE_MS = 2000
const MERCHANTS = 10_000
const BASELINE = 'fs.appendFileSync + fsyncSync per write, same line size'

/** FileStore `set` throughput, each write fsynced, alone and 64 at a time (group commit). */
export async function run(): Promise<BenchResult[]> {
  const root = await mkdtemp(join(tmpdir(), 'alipay-store-bench-'))
  try {
    const lineBytes = await recordLineBytes(join(root, 'sample'))
    const baseline = appendAndFsync(join(root, 'baseline.log'), lineBytes)
    const results: BenchResult[] = []
    for (const concurrency of [1, 64]) {
      const value = await fileStoreSets(join(root, `c${concurrency}`), concurrency)
      results.push({
        bench: 'store',
        case: `FileStore set, concurrency ${concurrency}`,
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

function token(i: number): MerchantToken {
  return sampleToken(i, MERCHANTS)
}

async function recordLineBytes(dir: string): Promise<number> {
  const store = await FileStore.open({ dir })
  await store.set(token(0))
  await store.close()
  return (await stat(join(dir, 'store.log'))).size
}

function appendAndFsync(path: string, lineBytes: number): number {
  const line = `${'x'.repeat(lineBytes - 1)}\n`
  const fd = openSync(path, 'a')
  try {
    let writes = 0
    const start = performance.now()
    while (performance.now() - start < CASE_MS) {
      appendFileSync(fd, line)
      fsyncSync(fd)
      writes++
    }
    return writes / ((performance.now() - start) / 1000)
  } finally {
    closeSync(fd)
  }
}

async function fileStoreSets(dir: string, concurrency: number): Promise<number> {
  const store = await FileStore.open({ dir })
  let writes = 0
  const start = performance.now()
  const writer = async () => {
    while (performance.now() - start < CASE_MS) {
      await store.set(token(writes++))
    }
  }
  await Promise.all(Array.from({ length: concurrency }, writer))
  const seconds = (performance.now() - start) / 1000
  await store.close()
  return writes / seconds
}
