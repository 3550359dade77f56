import { matrixNodes } from '@alipay-isv/node-matrix'

export interface SuiteRun {
  /** e.g. `Node 22`; the exact version is printed once the run has started. */
  label: string
  /** The node binary to run vitest with; it is also first on PATH for the processes tests start. */
  node: string
  /** vitest file filters; empty runs every suite of vitest.config.ts. */
  filters: string[]
  /** Test files left out of this run (vitest `--exclude` globs). */
  excludes: string[]
  /** Type tests (`*.test-d.ts`) check the compiler, not Node: they run once, under Node 20. */
  typecheck: boolean
}

export interface SkippedRun {
  label: string
  reason: string
  /** A runtime that should have run but could not be fetched fails the run; a platform without one does not. */
  fails: boolean
}

/**
 * Under Node 22 and 24: the unit suites of every package, the emulator, the end-to-end suite
 * (examples as processes, headless Chromium) but `MATRIX_EXCLUDES`, and the pack-and-install
 * smoke test (the tarballs as users get them). Left to the Node 20 run: the package checks (publint and attw read files;
 * Node plays no part) and the fleet proof (several processes against Redis: minutes, not a
 * per-Node concern).
 */
export const MATRIX_FILTERS = ['packages/', 'apps/mock-alipay/', 'tools/e2e/', 'tools/pack-smoke/']

/**
 * Of those, left to the Node 20 run to keep `pnpm test` within 15 minutes on a 2-core machine:
 * the two slowest end-to-end files, whose subject is not Node. The console's screenshots at four
 * widths (Chromium lays the pages out; the flows behind them run under every Node in flow and
 * qr-phone) and `pnpm demo` in a pseudo-terminal (pnpm, the shell and turbo around the demo,
 * about 70 s a run).
 */
export const MATRIX_EXCLUDES = [
  'tools/e2e/test/browser.test.ts',
  'tools/e2e/test/demo-terminal.test.ts',
]

export async function suiteRuns(
  log: (line: string) => void,
): Promise<{ runs: SuiteRun[]; skipped: SkippedRun[] }> {
  const major = process.versions.node.split('.')[0]
  const runs: SuiteRun[] = [
    { label: `Node ${major}`, node: process.execPath, filters: [], excludes: [], typecheck: true },
  ]
  const skipped: SkippedRun[] = []
  for (const node of await matrixNodes(log)) {
    const label = `Node ${node.major}`
    if (node.binary === undefined) {
      skipped.push({ label, reason: node.unavailable, fails: node.fetchFailed })
    } else {
      runs.push({
        label,
        node: node.binary,
        filters: MATRIX_FILTERS,
        excludes: MATRIX_EXCLUDES,
        typecheck: false,
      })
    }
  }
  return { runs, skipped }
}
