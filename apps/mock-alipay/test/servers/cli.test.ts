import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const RUN_CLI = fileURLToPath(new URL('./fixtures/run-cli.ts', import.meta.url))
const LISTENING = /^mock-alipay listening on http:\/\/127\.0\.0\.1:(\d+)$/

const running: ChildProcessWithoutNullStreams[] = []
// The key cache goes here rather than into the user's ~/.cache.
const cacheHome = mkdtempSync(join(tmpdir(), 'mock-alipay-cli-cache-'))

function spawnCli(args: string[], cache = cacheHome): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', RUN_CLI, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, XDG_CACHE_HOME: cache },
  })
  running.push(child)
  return child
}

/** Reads stdout up to the admin line, which ends the start-up banner. */
async function banner(child: ChildProcessWithoutNullStreams): Promise<string[]> {
  const lines: string[] = []
  for await (const line of createInterface({ input: child.stdout })) {
    lines.push(line)
    if (line.startsWith('Admin API:')) return lines
  }
  throw new Error(`The CLI ended before its banner: ${lines.join('\n')}`)
}

async function exitOf(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; stderr: string }> {
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const [code] = await once(child, 'exit')
  return { code: code as number | null, stderr }
}

afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL')
  await rm(cacheHome, { recursive: true, force: true })
})

// Spawning runs tsx and generates keys: give these room on a loaded machine.
describe('the mock-alipay CLI, started clean with --port 0', { timeout: 60_000 }, () => {
  // One process for these three: each start generates keys, which is slow under load.
  let child: ChildProcessWithoutNullStreams
  let lines: string[]
  beforeAll(async () => {
    child = spawnCli(['--port=0'])
    lines = await banner(child)
  })
  it('prints "mock-alipay listening on <url>" first and serves that URL', async () => {
    const port = LISTENING.exec(lines[0] ?? '')?.[1]
    expect(port, lines[0]).toBeDefined()
    const keys = await fetch(`http://127.0.0.1:${port}/__admin/keys`)
    expect(await keys.json()).toHaveProperty('alipay_public_key')
  })

  it('registers a demo app and prints where its key is, never the key', async () => {
    const output = lines.join('\n')
    expect(output).not.toContain('PRIVATE KEY')
    const keyFile = /ALIPAY_PRIVATE_KEY_FILE=(.+)$/m.exec(output)?.[1]
    expect(await readFile(keyFile as string, 'utf8')).toContain('-----BEGIN PRIVATE KEY-----')
    const appId = /ALIPAY_APP_ID=(\d+)$/m.exec(output)?.[1]
    const url = /ALIPAY_GATEWAY=(.+)\/gateway\.do$/m.exec(output)?.[1]
    const apps = (await (await fetch(`${url}/__admin/apps`)).json()) as {
      apps: { app_id: string }[]
    }
    expect(apps.apps.map((app) => app.app_id)).toContain(appId)
  })

  it('keeps the demo app’s files beside its key in the key cache, not in a temporary directory', () => {
    const keyFile = /ALIPAY_PRIVATE_KEY_FILE=(.+)$/m.exec(lines.join('\n'))?.[1] as string
    expect(dirname(keyFile)).toBe(join(cacheHome, 'mock-alipay'))
  })

  it('POST /__admin/reset keeps the demo app whose credentials the banner printed', async () => {
    const url = /ALIPAY_GATEWAY=(.+)\/gateway\.do$/m.exec(lines.join('\n'))?.[1]
    const appId = /ALIPAY_APP_ID=(\d+)$/m.exec(lines.join('\n'))?.[1]
    const reset = await fetch(`${url}/__admin/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    })
    expect(reset.status).toBe(200)
    const apps = (await (await fetch(`${url}/__admin/apps`)).json()) as {
      apps: { app_id: string }[]
    }
    expect(apps.apps.map((app) => app.app_id)).toEqual([appId])
  })

  it('closes cleanly on SIGTERM with exit code 0', async () => {
    const exited = exitOf(child)
    child.kill('SIGTERM')
    expect((await exited).code).toBe(0)
  })
})

describe('the mock-alipay CLI', { timeout: 60_000 }, () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mock-alipay-cli-'))
  })
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  it('with --data-dir comes back with the same Alipay key and demo app after a restart', async () => {
    const first = spawnCli(['--port', '0', '--data-dir', dataDir])
    const firstBanner = (await banner(first)).join('\n')
    const firstExit = exitOf(first)
    first.kill('SIGINT')
    expect((await firstExit).code).toBe(0)
    const alipayKey = await readFile(join(dataDir, 'alipay-public-key.pem'), 'utf8')
    const demoKey = await readFile(join(dataDir, 'demo-app-private-key.pem'), 'utf8')

    const second = spawnCli(['--port', '0', '--data-dir', dataDir])
    const secondBanner = (await banner(second)).join('\n')
    expect(secondBanner).toContain(/ALIPAY_APP_ID=\d+/.exec(firstBanner)?.[0])
    expect(await readFile(join(dataDir, 'alipay-public-key.pem'), 'utf8')).toBe(alipayKey)
    expect(await readFile(join(dataDir, 'demo-app-private-key.pem'), 'utf8')).toBe(demoKey)
  })

  it('without --data-dir reuses the Alipay key and demo app key kept in the key cache, and says so', async () => {
    const freshCache = await mkdtemp(join(tmpdir(), 'mock-alipay-cli-fresh-cache-'))
    const startedClean = async () => {
      const child = spawnCli(['--port', '0'], freshCache)
      const output = (await banner(child)).join('\n')
      const url = /ALIPAY_GATEWAY=(.+)\/gateway\.do$/m.exec(output)?.[1]
      const keys = (await (await fetch(`${url}/__admin/keys`)).json()) as Record<string, string>
      const keyFile = /ALIPAY_PRIVATE_KEY_FILE=(.+)$/m.exec(output)?.[1] as string
      const exited = exitOf(child)
      child.kill('SIGTERM')
      await exited
      return { output, alipayKey: keys.alipay_public_key, demoKey: await readFile(keyFile, 'utf8') }
    }
    const first = await startedClean()
    const second = await startedClean()
    await rm(freshCache, { recursive: true, force: true })
    const dir = join(freshCache, 'mock-alipay')
    expect(first.output).toContain(`Keys generated and kept in ${dir} for later starts`)
    expect(second.output).toContain(`Keys read from ${dir} (--no-key-cache for fresh ones)`)
    expect(second.output).not.toContain('generated')
    expect(second.alipayKey).toBe(first.alipayKey)
    expect(second.demoKey).toBe(first.demoKey)
  })

  it('with --no-key-cache and no --data-dir removes the demo app’s key when it stops', async () => {
    const child = spawnCli(['--port', '0', '--no-key-cache'])
    const output = (await banner(child)).join('\n')
    const keyFile = /ALIPAY_PRIVATE_KEY_FILE=(.+)$/m.exec(output)?.[1] as string
    expect(await readFile(keyFile, 'utf8')).toContain('PRIVATE KEY')
    expect(output).toContain('these files are removed when the emulator stops')
    const exited = exitOf(child)
    child.kill('SIGINT')
    expect((await exited).code).toBe(0)
    expect(existsSync(dirname(keyFile))).toBe(false)
  })

  it('with --seed loads the README’s examples/seed.json: its apps instead of a demo app, its merchants and its stubs', async () => {
    const seedFile = fileURLToPath(new URL('../../examples/seed.json', import.meta.url))
    const seed = JSON.parse(await readFile(seedFile, 'utf8')) as {
      apps: { app_id: string }[]
      merchants: unknown[]
      stubs: Record<string, unknown>[]
    }
    const lines = await banner(spawnCli(['--port', '0', '--seed', seedFile]))
    const port = LISTENING.exec(lines[0] ?? '')?.[1]
    expect(lines[1]).toBe(`Apps from ${seedFile}: ${seed.apps.map((app) => app.app_id).join(', ')}`)
    expect(lines.join('\n')).not.toContain('Demo app')
    const merchants = await fetch(`http://127.0.0.1:${port}/__admin/merchants`)
    expect(await merchants.json()).toEqual({ merchants: seed.merchants })
    const apps = (await (await fetch(`http://127.0.0.1:${port}/__admin/apps`)).json()) as {
      apps: Record<string, unknown>[]
    }
    expect(apps.apps).toEqual([
      expect.objectContaining({ ...seed.apps[0], public_key: expect.any(String) }),
    ])
    const stubs = await fetch(`http://127.0.0.1:${port}/__admin/stubs`)
    expect(await stubs.json()).toEqual({
      stubs: seed.stubs.map((stub) => expect.objectContaining(stub)),
    })
  })

  it('with --admin-token guards the admin API and never prints the token', async () => {
    const child = spawnCli(['--port', '0', '--admin-token', 'cli-s3cret'])
    const lines = await banner(child)
    const url = LISTENING.exec(lines[0] ?? '')?.[0].replace('mock-alipay listening on ', '')
    expect(lines.join('\n')).not.toContain('cli-s3cret')
    expect(lines.at(-1)).toContain('authorization: Bearer <the --admin-token>')
    expect((await fetch(`${url}/__admin/apps`)).status).toBe(401)
    const authorized = await fetch(`${url}/__admin/apps`, {
      headers: { authorization: 'Bearer cli-s3cret' },
    })
    expect(authorized.status).toBe(200)
    const exited = exitOf(child)
    child.kill('SIGTERM')
    expect((await exited).code).toBe(0)
  })

  it('exits 1 naming the problem when the seed file is not JSON', async () => {
    const seedFile = join(dataDir, 'broken-seed.json')
    await writeFile(seedFile, '{ apps: [')
    const { code, stderr } = await exitOf(spawnCli(['--port', '0', '--seed', seedFile]))
    expect(code).toBe(1)
    expect(stderr).toContain(`The seed file ${seedFile} is not valid JSON`)
  })

  it('refuses an unknown flag with a clear message and exit code 2', async () => {
    const { code, stderr } = await exitOf(spawnCli(['--bogus']))
    expect(code).toBe(2)
    expect(stderr).toContain("Unknown option '--bogus'")
    expect(stderr).toContain('mock-alipay --help')
  })

  it('prints its usage on --help and exits 0', async () => {
    const child = spawnCli(['--help'])
    let stdout = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    expect((await exitOf(child)).code).toBe(0)
    expect(stdout).toContain('Usage: mock-alipay')
  })
})
