import { writeFileSync } from 'node:fs'
import type { Reporter, TestModule } from 'vitest/node'

/** Where `pnpm test` wants this run's counts, to add up the runs of every Node version. */
export const TOTALS_FILE_ENV = 'TEST_TOTALS_FILE'

export interface TestTotals {
  passed: number
  failed: number
  skipped: number
}

/**
 * Prints vitest's totals as one plain line, `N passed, N failed, N skipped`, which CI reads — or,
 * when TEST_TOTALS_FILE is set, writes them there as JSON for the test runner, which prints the
 * sum. Nothing broken can read as green: a test file that fails to load, and a suite whose
 * setup (`beforeAll`) or teardown (`afterAll`) throws, each count as one failure; the tests a
 * failed setup kept from running count as skipped.
 */
export default class TestTotalsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    const totals: TestTotals = { passed: 0, failed: unhandledErrors.length, skipped: 0 }
    for (const testModule of testModules) addModule(totals, testModule)
    const file = process.env[TOTALS_FILE_ENV]
    if (file) writeFileSync(file, JSON.stringify(totals))
    else process.stdout.write(`\n${formatTotals(totals)}\n`)
  }
}

function addModule(totals: TestTotals, testModule: TestModule): void {
  const failedBefore = totals.failed
  for (const test of testModule.children.allTests()) {
    const state = test.result().state
    if (state === 'passed') totals.passed++
    else if (state === 'failed') totals.failed++
    else totals.skipped++
  }
  // A module or suite carries errors of its own when it failed to load, or a hook around its
  // tests threw: vitest then marks the tests it kept from running as skipped, not failed.
  for (const suite of [testModule, ...testModule.children.allSuites()]) {
    if (suite.errors().length > 0) totals.failed++
  }
  if (testModule.state() === 'failed' && totals.failed === failedBefore) totals.failed++
}

export function formatTotals({ passed, failed, skipped }: TestTotals): string {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`
}
