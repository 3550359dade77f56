/** `pnpm --filter @alipay-isv/load start`: the load figures of `pnpm bench load`, as a table. */
import { loadAdapter } from './run-load.js'
import { measureSignerBound } from './signer-bound.js'

const bound = measureSignerBound()
console.log(
  `signer: ${bound.signsPerSecond.toFixed(0)} signs/s, ${bound.verifiesPerSecond.toFixed(0)} verifies/s → bound ${bound.flowsPerSecond.toFixed(0)} flows/s`,
)
let failed = false
for (const adapter of ['fastify', 'koa'] as const) {
  const result = await loadAdapter(adapter)
  failed ||= result.errors > 0
  console.log(
    `${adapter}: ${result.flows} flows, ${result.errors} errors, ${result.flowsPerSecond.toFixed(0)} flows/s (${((result.flowsPerSecond / bound.flowsPerSecond) * 100).toFixed(0)}% of the bound), p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms`,
  )
  for (const sample of result.errorSamples) console.log(`  error: ${sample}`)
}
process.exitCode = failed ? 1 : 0
