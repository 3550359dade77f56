import { appendFileSync, closeSync, fsyncSync, openSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { FileStore } from '../../packages/core/src/stores/file-store.js'
import { inTemporaryDirectory, ratioResult, sampleToken } from './bench-helpers.js'
import type { BenchResult } from './types.js'

const CASE_MS = 2000
const MERCHANTS = 10_000
const BASELINE = 'fs.appendFileSync + fsyncSync per write, same line size'

/** FileStore `set` throughput, each write fsynced, alone and 64 at a time (group commit). */
export function run(): Promise<BenchResult[]> {
  return inTemporaryDirectory(async (root) => {
    const lineBytes = await recordLineBytes(join(root, 'sample'))
    const baseline = appendAndFsync(join(root, 'baseline.log'), lineBytes)
    const results: BenchResult[] = []
    for (const concurrency of [1, 64]) {
      const value = await fileStoreSets(join(root, `c${concurrency}`), concurrency)
      const fields = {
        bench: 'store',
        case: `FileStore set, concurrency ${concurrency}`,
        unit: 'writes/s',
        baseline: BASELINE,
      }
      results.push(ratioResult(fields, [baseline, value]))
    }
    return results
  })
}

async function recordLineBytes(dir: string): Promise<number> {
  const store = await FileStore.open({ dir })
  await store.set(sampleToken(0, MERCHANTS))
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
      await store.set(sampleToken(writes++, MERCHANTS))
    }
  }
  await Promise.all(Array.from({ length: concurrency }, writer))
  const seconds = (performance.now() - start) / 1000
  await store.close()
  return writes / seconds
}
