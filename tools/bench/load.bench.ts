import { loadAdapter, measureSignerBound } from '../load/src/index.js'
import { round } from './bench-helpers.js'
import type { BenchResult } from './types.js'

const BOUND = 'signer bound: 1 / (2/signs + 2/verifies), node:crypto RSA-2048'

/**
 * Full authorization flows (authorize, admin consent, callback, exchange, store) through each
 * adapter against mock-alipay on loopback, next to what the signer alone would allow in the same
 * run. Fails when any flow fails: under load the flow must still be correct.
 */
export async function run(): Promise<BenchResult[]> {
  const bound = measureSignerBound()
  const costMs = 1000 / bound.flowsPerSecond
  const rows: BenchResult[] = []
  for (const adapter of ['fastify', 'koa'] as const) {
    const result = await loadAdapter(adapter)
    if (result.errors > 0) {
      throw new Error(
        `${result.errors} of ${result.flows} ${adapter} flows failed: ${result.errorSamples.join('; ')}`,
      )
    }
    const row = (label: string, value: number, unit: string, baseline: string, base: number) => ({
      bench: 'load',
      case: `${adapter}: ${label} (${result.flows} flows, 0 errors)`,
      value: round(value),
      unit,
      baseline,
      baseline_value: round(base),
      ratio: round(value / base, 3),
    })
    rows.push(
      row('flows/s', result.flowsPerSecond, 'flows/s', BOUND, bound.flowsPerSecond),
      row('p50 latency', result.p50Ms, 'ms', 'signer cost of one flow', costMs),
      row('p99 latency', result.p99Ms, 'ms', 'signer cost of one flow', costMs),
    )
  }
  return rows
}
