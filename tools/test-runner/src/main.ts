import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatFailures, formatTotals, type TestTotals } from '../../test-totals-reporter.js'
import { type RunResult, runVitest } from './run-vitest.js'
import { suiteRuns } from './suite-runs.js'

/**
 * `pnpm test` after the build: every suite under this machine's Node (20), then the unit and
 * end-to-end suites under Node 22 and 24, and last of all ONE line that adds up every run,
 * `N passed, N failed, N skipped` (CI reads it), right after the list of what failed in each run.
 * Exits non-zero when anything failed.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..')
process.stdout.write('━━ Node runtimes for the matrix\n')
const { runs, skipped } = await suiteRuns((line) => process.stdout.write(`${line}\n`))
const results: { label: string; version: string; result: RunResult }[] = []

for (const run of runs) {
  const version = execFileSync(run.node, ['--version'], { encoding: 'utf8' }).trim()
  const what = [
    run.filters.length ? run.filters.join(' ') : 'every suite',
    ...run.excludes.map((glob) => `--exclude ${glob}`),
  ].join(' ')
  process.stdout.write(`\n━━ ${run.label} (${version}): vitest run ${what}\n`)
  results.push({ label: run.label, version, result: await runVitest(run, repoRoot) })
}

process.stdout.write('\n━━ Test runs\n')
for (const { label, version, result } of results) {
  const seconds = Math.round(result.seconds)
  process.stdout.write(`${label} (${version}): ${formatTotals(result.totals)} in ${seconds} s\n`)
}
const sum: TestTotals = { passed: 0, failed: 0, skipped: 0 }
for (const { label, reason, fails } of skipped) {
  const counted = fails ? 'counted as one failure' : 'its tests count neither passed nor failed'
  process.stdout.write(`${label}: NOT RUN, ${reason}; ${counted}\n`)
  if (fails) sum.failed++
}
for (const { result } of results) {
  sum.passed += result.totals.passed
  sum.failed += result.totals.failed
  sum.skipped += result.totals.skipped
}
const failures = results.flatMap(({ label, result }) =>
  result.failures.map((f) => `${label}: ${f}`),
)
process.stdout.write(`\n${formatFailures(failures)}${formatTotals(sum)}\n`)
if (sum.failed > 0 || results.some(({ result }) => result.exitCode !== 0)) process.exitCode = 1
