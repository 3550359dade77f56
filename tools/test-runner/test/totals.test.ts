import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { formatTotals, type TestTotals } from '../../test-totals-reporter.js'
import { runVitest } from '../src/run-vitest.js'

const FIXTURES = fileURLToPath(new URL('totals-fixtures/', import.meta.url))

/** Runs one fixture suite the way `pnpm test` runs a suite, and returns what its totals say. */
async function totalsOf(suite: string): Promise<TestTotals> {
  const run = { label: suite, node: process.execPath, filters: [`${suite}.suite.ts`], excludes: [] }
  return (await runVitest({ ...run, typecheck: false }, FIXTURES)).totals
}

type Case = [behaviour: string, fixture: string, [passed: number, failed: number, skipped: number]]

const CASES: Case[] = [
  ['a suite whose beforeAll throws fails; its tests are skipped', 'describe-before-all', [1, 1, 2]],
  ['a suite whose afterAll throws fails, its tests passed', 'describe-after-all', [1, 1, 0]],
  ['a file whose top-level beforeAll throws fails', 'file-before-all', [0, 1, 1]],
  ['a file that fails to load fails', 'load-error', [0, 1, 0]],
  ['skipped and to-do tests are skipped, not failed', 'skips', [1, 0, 2]],
]

describe('the totals of a test run', () => {
  it.each(CASES)('%s', async (_behaviour, fixture, [passed, failed, skipped]) => {
    expect(await totalsOf(fixture)).toEqual({ passed, failed, skipped })
  })

  it('leaves out the files a run excludes (the Node 22 and 24 runs leave out MATRIX_EXCLUDES)', async () => {
    const run = {
      label: 'excludes',
      node: process.execPath,
      filters: ['skips.suite.ts', 'load-error.suite.ts'],
      excludes: ['load-error.suite.ts'],
      typecheck: false,
    }
    expect((await runVitest(run, FIXTURES)).totals).toEqual({ passed: 1, failed: 0, skipped: 2 })
  })

  it('shows skipped tests on the totals line', () => {
    expect(formatTotals({ passed: 1, failed: 1, skipped: 2 })).toBe('1 passed, 1 failed, 2 skipped')
  })
})
