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
 * Prints vitest's totals as one plain line, `N passed, N failed`, which CI reads — or, when
 * TEST_TOTALS_FILE is set, writes them there as JSON for the test runner, which prints the sum.
 * A test file that fails to load counts as one failure, so a broken suite never reads as green.
 */
export default class TestTotalsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    const totals: TestTotals = { passed: 0, failed: unhandledErrors.length, skipped: 0 }
    for (const testModule of testModules) {
      let testsInModule = 0
      for (const test of testModule.children.allTests()) {
        testsInModule++
        const state = test.result().state
        if (state === 'passed') totals.passed++
        else if (state === 'failed') totals.failed++
        else totals.skipped++
      }
      if (testsInModule === 0 && testModule.state() === 'failed') totals.failed++
    }
    const file = process.env[TOTALS_FILE_ENV]
    if (file) writeFileSync(file, JSON.stringify(totals))
    else process.stdout.write(`\n${formatTotals(totals)}\n`)
  }
}

export function formatTotals({ passed, failed, skipped }: TestTotals): string {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`
}
