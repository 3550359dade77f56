import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const BUILT_CLI = fileURLToPath(new URL('../../dist/cli.mjs', import.meta.url))
const LISTENING = /^mock-alipay listening on http:\/\/127\.0\.0\.1:\d+$/
const cacheHome = mkdtempSync(join(tmpdir(), 'mock-alipay-start-cache-'))
afterAll(() => rm(cacheHome, { recursive: true, force: true }))

/**
 * Starts `command` in a process group of its own, as a terminal runs it, and once the banner is
 * out sends SIGINT to the whole group, as Ctrl-C does: pnpm, its shell and the emulator each get
 * it. Returns stdout's lines and the exit code of the command.
 */
async function startAndPressCtrlC(command: string[]) {
  if (!existsSync(BUILT_CLI))
    throw new Error(`The start commands run the built CLI: run pnpm build first (${BUILT_CLI}).`)
  const [file, ...args] = command as [string, ...string[]]
  const child = spawn(file, args, {
    cwd: REPO_ROOT,
    detached: true,
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const exited = once(child, 'exit')
  const lines: string[] = []
  for await (const line of createInterface({ input: child.stdout })) {
    lines.push(line)
    if (line.startsWith('Admin API:')) break
  }
  process.kill(-(child.pid as number), 'SIGINT')
  const [code] = await exited
  return { lines, code: code as number | null, stderr }
}

// Each spawns pnpm or node and generates or reads keys: slow on a loaded machine.
describe('the documented start commands, stopped with Ctrl-C', { timeout: 60_000 }, () => {
  it.each([
    [
      'the README’s pnpm command',
      ['pnpm', '--silent', '--filter', '@alipay-isv/mock-alipay', 'start', '--', '--port', '0'],
    ],
    ['the bin', [process.execPath, 'apps/mock-alipay/bin/mock-alipay.mjs', '--port', '0']],
  ])('%s prints the listening line first and exits 0', async (_, command) => {
    const { lines, code, stderr } = await startAndPressCtrlC(command)
    expect(lines[0]).toMatch(LISTENING)
    expect(code, stderr).toBe(0)
    expect(stderr).not.toContain('ERR_PNPM')
  })

  it('`pnpm --filter @alipay-isv/mock-alipay start -- --port …` starts too, after pnpm’s header, and exits 0', async () => {
    const command = ['pnpm', '--filter', '@alipay-isv/mock-alipay', 'start', '--', '--port', '0']
    const { lines, code, stderr } = await startAndPressCtrlC(command)
    expect(lines.find((line) => line.startsWith('mock-alipay listening on'))).toMatch(LISTENING)
    expect(code, stderr).toBe(0)
    expect(stderr).not.toContain('ERR_PNPM')
  })
})
