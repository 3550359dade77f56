import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { round } from './bench-helpers.js'
import type { BenchResult } from './types.js'

const RUNS = 15
const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url))
const BASELINE = "import('node:crypto')"

/**
 * Cold import time of the built `@alipay-isv/core` (what an app pays at startup), each run in a
 * fresh Node process, against `import('node:crypto')` in a fresh process: the floor of any
 * module that signs with Node's crypto. The two alternate; each keeps its median. Timed inside the
 * child around the import alone, so Node's own startup is not counted.
 */
export async function run(): Promise<BenchResult[]> {
  const core: number[] = []
  const crypto: number[] = []
  for (let round = 0; round < RUNS; round++) {
    core.push(importMs('@alipay-isv/core'))
    crypto.push(importMs('node:crypto'))
  }
  const value = median(core)
  const baseline = median(crypto)
  return [
    {
      bench: 'import',
      case: 'cold import @alipay-isv/core (ESM, median of fresh processes)',
      value: round(value),
      unit: 'ms',
      baseline: BASELINE,
      baseline_value: round(baseline),
      ratio: round(value / baseline),
    },
  ]
}

function importMs(specifier: string): number {
  const script = `const start = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - start)`
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: BENCH_DIR,
    encoding: 'utf8',
  })
  return Number(output.trim())
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}
