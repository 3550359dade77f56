import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { type TestTotals, TOTALS_FILE_ENV } from '../../test-totals-reporter.js'
import { runLogged } from './run-logged.js'

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const work = mkdtempSync(join(tmpdir(), 'alipay-isv-fresh-clone-'))
const clone = join(work, 'alipay-isv')
const log = join(work, 'commands.log')

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('a fresh clone of the repository', () => {
  it('installs offline from the local store and passes the core and emulator suites outside the workspace', async () => {
    expect(relative(REPO_ROOT, clone).startsWith('..')).toBe(true)
    // The store this workspace was installed from: everything the lockfile names is in it.
    const store = execFileSync('pnpm', ['store', 'path'], { cwd: REPO_ROOT, encoding: 'utf8' })
    const offline = ['install', '--frozen-lockfile', '--offline', '--store-dir', store.trim()]

    await runLogged('git', ['clone', '--quiet', REPO_ROOT, clone], { cwd: work, log })
    await runLogged('pnpm', offline, { cwd: clone, log })
    await runLogged('pnpm', ['--filter', '@alipay-isv/mock-alipay...', 'run', 'build'], {
      cwd: clone,
      log,
    })
    const totalsFile = join(work, 'totals.json')
    const vitest = join(clone, 'node_modules', 'vitest', 'vitest.mjs')
    const suites = ['packages/core/', 'apps/mock-alipay/', '--typecheck.enabled=false']
    await runLogged(process.execPath, [vitest, 'run', ...suites], {
      cwd: clone,
      log,
      env: { [TOTALS_FILE_ENV]: totalsFile },
    })

    const totals = JSON.parse(readFileSync(totalsFile, 'utf8')) as TestTotals
    expect(totals.failed).toBe(0)
    expect(totals.passed).toBeGreaterThan(0)
  }, 900_000)
})
