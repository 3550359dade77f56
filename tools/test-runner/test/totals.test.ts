import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { formatFailures, formatTotals, type TestTotals } from '../../test-totals-reporter.js'
import { type RunResult, runVitest } from '../src/run-vitest.js'

const FIXTURES = fileURLToPath(new URL('totals-fixtures/', import.meta.url))

/** Runs one fixture suite the way `pnpm test` runs a suite, and returns what its totals say. */
async function runOf(suite: string): Promise<RunResult> {
  const run = { label: suite, node: process.execPath, filters: [`${suite}.suite.ts`], excludes: [] }
  return runVitest({ ...run, typecheck: false }, FIXTURES)
}

async function totalsOf(suite: string): Promise<TestTotals> {
  return (await runOf(suite)).totals
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

  it('names every failure, with the first line of its error, so the end of a run says what failed', async () => {
    expect((await runOf('describe-before-all')).failures).toEqual([
      'describe-before-all.suite.ts > a suite whose setup throws: setup failed',
    ])
    const [loadError] = (await runOf('load-error')).failures
    expect(loadError).toMatch(/^load-error\.suite\.ts: /)
    expect((await runOf('skips')).failures).toEqual([])
    expect(formatFailures(['a.test.ts > it: boom'])).toBe('Failed:\n  ✗ a.test.ts > it: boom\n')
    expect(formatFailures([])).toBe('')
  })

  it('shows skipped tests on the totals line', () => {
    expect(formatTotals({ passed: 1, failed: 1, skipped: 2 })).toBe('1 passed, 1 failed, 2 skipped')
  })
})
