import { writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import type { Reporter, TestModule } from 'vitest/node'

/** Where `pnpm test` wants this run's counts, to add up the runs of every Node version. */
export const TOTALS_FILE_ENV = 'TEST_TOTALS_FILE'

export interface TestTotals {
  passed: number
  failed: number
  skipped: number
}

/** What a run reports: its totals and, for each failure, `file > suite > test: first line of the error`. */
export interface TestReport extends TestTotals {
  failures: string[]
}

/**
 * Prints vitest's totals as one plain line, `N passed, N failed, N skipped`, which CI reads — or,
 * when TEST_TOTALS_FILE is set, writes them there as JSON for the test runner, which prints the
 * sum. Nothing broken can read as green: a test file that fails to load, and a suite whose
 * setup (`beforeAll`) or teardown (`afterAll`) throws, each count as one failure; the tests a
 * failed setup kept from running count as skipped. Each failure is named as well, so the last
 * lines of a long run say what failed without scrolling back through it.
 */
export default class TestTotalsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    const report: TestReport = { passed: 0, failed: 0, skipped: 0, failures: [] }
    for (const error of unhandledErrors) addFailure(report, 'unhandled error', [error])
    for (const testModule of testModules) addModule(report, testModule)
    const file = process.env[TOTALS_FILE_ENV]
    if (file) writeFileSync(file, JSON.stringify(report))
    else process.stdout.write(`\n${formatFailures(report.failures)}${formatTotals(report)}\n`)
  }
}

function addModule(report: TestReport, testModule: TestModule): void {
  const failedBefore = report.failed
  const file = relative(process.cwd(), testModule.moduleId)
  for (const test of testModule.children.allTests()) {
    const result = test.result()
    if (result.state === 'passed') report.passed++
    else if (result.state === 'failed')
      addFailure(report, `${file} > ${test.fullName}`, result.errors)
    else report.skipped++
  }
  // A module or suite carries errors of its own when it failed to load, or a hook around its
  // tests threw: vitest then marks the tests it kept from running as skipped, not failed.
  for (const suite of [testModule, ...testModule.children.allSuites()]) {
    const errors = suite.errors()
    if (errors.length === 0) continue
    addFailure(report, suite.type === 'module' ? file : `${file} > ${suite.fullName}`, errors)
  }
  if (testModule.state() === 'failed' && report.failed === failedBefore) {
    addFailure(report, file, [])
  }
}

function addFailure(report: TestReport, where: string, errors: ReadonlyArray<unknown>): void {
  report.failed++
  const first = errors[0] as { message?: unknown } | undefined
  const message = typeof first?.message === 'string' ? first.message : String(first ?? 'failed')
  report.failures.push(`${where}: ${message.split('\n')[0]}`)
}

export function formatTotals({ passed, failed, skipped }: TestTotals): string {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`
}

/** `Failed:` and one line a failure, or nothing when there is none. */
export function formatFailures(failures: ReadonlyArray<string>): string {
  return failures.length === 0 ? '' : `Failed:\n${failures.map((f) => `  ✗ ${f}\n`).join('')}`
}
