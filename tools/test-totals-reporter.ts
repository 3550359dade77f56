import type { Reporter, TestModule } from 'vitest/node'

/**
 * Prints vitest's totals as one plain line, `N passed, N failed`, which CI reads.
 * A test file that fails to load counts as one failure, so a broken suite never reads as green.
 */
export default class TestTotalsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0
    let failed = unhandledErrors.length
    let skipped = 0
    for (const testModule of testModules) {
      let testsInModule = 0
      for (const test of testModule.children.allTests()) {
        testsInModule++
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
        else skipped++
      }
      if (testsInModule === 0 && testModule.state() === 'failed') failed++
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`)
  }
}
