import { defineConfig } from 'vitest/config'

/** Suites whose totals the test of the totals reporter checks; never part of the real run. */
export default defineConfig({
  test: {
    include: ['*.suite.ts'],
    reporters: ['../../../test-totals-reporter.ts'],
  },
})
