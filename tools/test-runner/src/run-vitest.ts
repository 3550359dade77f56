import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { type TestReport, type TestTotals, TOTALS_FILE_ENV } from '../../test-totals-reporter.js'
import type { SuiteRun } from './suite-runs.js'

const vitestCli = join(
  dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
)

export interface RunResult {
  totals: TestTotals
  /** One line a failure: where, and the first line of what went wrong. */
  failures: string[]
  exitCode: number
  seconds: number
}

/**
 * Runs vitest once with the run's node, output shown as it comes. The totals come back through
 * the totals reporter's file; a run that ends without writing it (a crash, a config error)
 * counts as one failure, so it can never read as green.
 */
export async function runVitest(run: SuiteRun, cwd: string): Promise<RunResult> {
  const scratch = await mkdtemp(join(tmpdir(), 'alipay-isv-test-run-'))
  const totalsFile = join(scratch, 'totals.json')
  const args = [
    vitestCli,
    'run',
    ...run.filters,
    ...run.excludes.flatMap((glob) => ['--exclude', glob]),
  ]
  if (!run.typecheck) args.push('--typecheck.enabled=false')
  const started = performance.now()
  const child = spawn(run.node, args, {
    cwd,
    stdio: 'inherit',
    env: {
      ...process.env,
      [TOTALS_FILE_ENV]: totalsFile,
      PATH: `${dirname(run.node)}${delimiter}${process.env.PATH ?? ''}`,
    },
  })
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null]
  const seconds = (performance.now() - started) / 1000
  try {
    const { failures, ...totals } = JSON.parse(await readFile(totalsFile, 'utf8')) as TestReport
    return { totals, failures, exitCode: code ?? 1, seconds }
  } catch {
    const why = signal ? `killed by ${signal}` : `exit code ${code}`
    const failure = `vitest ended (${why}) without reporting its totals`
    process.stdout.write(`\n${run.label}: ${failure}\n`)
    const totals = { passed: 0, failed: 1, skipped: 0 }
    return { totals, failures: [failure], exitCode: code ?? 1, seconds }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
