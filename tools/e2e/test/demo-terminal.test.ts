import { spawn } from 'node:child_process'
import { access, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '@alipay-isv/demo'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** `pnpm demo` builds what it runs first (turbo, cached after the test run's own build). */
const DEMO_TIMEOUT_MS = 120_000

/**
 * `pnpm <script>` in a terminal (util-linux `script` gives it a pseudo-terminal), and Ctrl-C typed
 * into it: the terminal sends SIGINT to every process in the foreground group, pnpm, its shell
 * and the demo, as it does for a person. With `end: 'hang-up'` the terminal is closed instead
 * (`script` killed, as a closed window or a dropped ssh): the kernel sends the SIGHUPs.
 *
 * `script` runs its command with `$SHELL -c`, and `exec` puts pnpm in that shell's place: a
 * person's interactive shell keeps itself out of the foreground group, but dash (`/bin/sh`, what
 * `script` uses where SHELL is unset, as under CI) would wait in it and die of the Ctrl-C, making
 * the terminal report 130 however the demo stopped.
 */
function demoInTerminal(
  script: 'demo' | 'demo:cert',
  dir: string,
  beforeCtrlC: (output: string) => Promise<void>,
  end: 'ctrl-c' | 'hang-up' = 'ctrl-c',
): Promise<{ output: string; code: number | null }> {
  const child = spawn(
    'script',
    ['--quiet', '--return', '--command', `exec pnpm ${script}`, '/dev/null'],
    {
      cwd: repoRoot,
      env: { ...process.env, DEMO_DIR: dir },
    },
  )
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`pnpm ${script} did not start and stop in time:\n${output}`))
    }, DEMO_TIMEOUT_MS - 5000)
    const read = (chunk: Buffer) => {
      const ready = !output.includes('Ctrl-C stops both.')
      output += chunk.toString()
      if (ready && output.includes('Ctrl-C stops both.')) {
        // A failure in beforeCtrlC shows in the test's own assertions; the demo is stopped anyway.
        void beforeCtrlC(output)
          .catch(() => undefined)
          .then(() => (end === 'ctrl-c' ? child.stdin.write('\x03') : child.kill('SIGKILL')))
      }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.once('error', reject)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve({ output, code })
    })
  })
}

describe('pnpm demo in a terminal', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it(
    'prints an invitation link that opens, and Ctrl-C stops the example and the emulator and exits 0, without pnpm reporting a failed command',
    async () => {
      let invitation: Response | undefined
      const { output, code } = await demoInTerminal('demo', dir, async (banner) => {
        const link = /invitation link[^\n]*\n\s*(http\S+)/.exec(banner)?.[1]
        invitation = link === undefined ? undefined : await fetch(link)
      })
      expect(code, output).toBe(0)
      expect(output).toContain('SIGINT: stopping the example and the emulator')
      // The example gets one signal from the demo, so it closes its store instead of exiting at once.
      expect(output.match(/example-fastify: SIG[A-Z]+, closing/g)).toEqual([
        'example-fastify: SIGTERM, closing',
      ])
      expect(output).not.toContain('ELIFECYCLE')
      // Fastify logs JSON; the demo shows it as the Koa example's lines read.
      expect(output).not.toContain('[example-fastify] {')
      expect(invitation?.status, 'the invitation link printed opens the consent page').toBe(200)
      // Where the app listens is said once, not again by Fastify's own log line.
      expect(output.match(/listening (on|at) http/gi)).toHaveLength(1)
      expect(output).toMatch(/\[example-fastify\] listening on http:\/\/127\.0\.0\.1:\d+/)
    },
    DEMO_TIMEOUT_MS,
  )

  it(
    'prints no warning and no build noise: no telemetry notice, no turbo banner, no bundler warning',
    async () => {
      const { output, code } = await demoInTerminal('demo', dir, async () => undefined)
      expect(code, output).toBe(0)
      const noisy = output
        .split(/\r?\n/)
        .filter((line) =>
          /warn|telemetry|turbo|Packages in scope|Running build|Tasks:|Cached:|PLUGIN_TIMINGS|MIXED_EXPORTS/i.test(
            line,
          ),
        )
      expect(noisy, output).toEqual([])
    },
    DEMO_TIMEOUT_MS,
  )

  it(
    'its merchants page calls alipay.trade.query for a merchant, and shows the merchant that did not grant it',
    async () => {
      const pressed: Record<string, { status: number; html: string }> = {}
      const { output, code } = await demoInTerminal('demo', dir, async (banner) => {
        const exampleUrl = /Open (http\S+)\/ and press/.exec(banner)?.[1] ?? ''
        const emulatorUrl = /mock-alipay, (http\S+)\)/.exec(banner)?.[1] ?? ''
        // A merchant granting every API, through the emulator's consent shortcut without state.
        const consent = await fetch(`${emulatorUrl}/__admin/authorize`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ app_id: '2021000000000001', auth_app_id: '2021000000000555' }),
        })
        await fetch(((await consent.json()) as { redirect_url: string }).redirect_url)
        for (const authAppId of ['2021000000000555', '2021000000000999']) {
          const response = await fetch(`${exampleUrl}/merchants/${authAppId}/trade-query`, {
            method: 'POST',
            headers: { origin: exampleUrl, 'content-type': 'application/x-www-form-urlencoded' },
          })
          pressed[authAppId] = { status: response.status, html: await response.text() }
        }
      })
      expect(code, output).toBe(0)
      expect(output).toContain('merchant app 2021000000000999')
      expect(pressed['2021000000000555']?.status).toBe(200)
      expect(pressed['2021000000000555']?.html).toContain('TRADE_SUCCESS')
      expect(pressed['2021000000000999']?.status).toBe(403)
      expect(pressed['2021000000000999']?.html).toContain('ALIPAY_API_NOT_GRANTED')
    },
    DEMO_TIMEOUT_MS,
  )

  it(
    'closing its terminal stops the example too, which frees its port and its data directory for the next run',
    async () => {
      const { output } = await demoInTerminal('demo', dir, async () => undefined, 'hang-up')
      const url = /Open (http\S+)\/ and press/.exec(output)?.[1]
      expect(url, output).toBeDefined()
      const lock = join(dir, 'fastify-data', 'store.lock')
      const stillRunning = async () =>
        (await fetch(`${url}/`).then(
          () => true,
          () => false,
        )) ||
        (await access(lock).then(
          () => true,
          () => false,
        ))
      // Closing its store takes the example a moment; an orphaned example never stops.
      for (let waited = 0; (await stillRunning()) && waited < 30_000; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
      expect(await stillRunning(), `the example at ${url} still runs or holds ${lock}`).toBe(false)
    },
    DEMO_TIMEOUT_MS,
  )

  it(
    'pnpm demo:cert runs the example in certificate mode, with the emulator’s certificates in the state directory',
    async () => {
      let home = ''
      const { output, code } = await demoInTerminal('demo:cert', dir, async (banner) => {
        const url = /Open (http\S+)\/ and press/.exec(banner)?.[1]
        home = url === undefined ? '' : await (await fetch(`${url}/`)).text()
      })
      expect(code, output).toBe(0)
      expect(output).toContain('Alipay ISV demo (fastify, certificate mode)')
      expect(home).toContain('data-mode="certificate"')
      expect(await readdir(dir)).toEqual(
        expect.arrayContaining([
          'appCertPublicKey_2021000000000001.crt',
          'alipayCertPublicKey_RSA2.crt',
          'alipayRootCert.crt',
        ]),
      )
    },
    DEMO_TIMEOUT_MS,
  )

  it(
    'a clock moved in one run is shown by the next, on its banner and its pages, until the printed command puts it back',
    async () => {
      const own = await mkdtemp(join(tmpdir(), 'demo-clock-'))
      try {
        let moved: Response | undefined
        const first = await demoInTerminal('demo', own, async (banner) => {
          const emulator = /mock-alipay, (http\S+)\)/.exec(banner)?.[1]
          moved = await fetch(`${emulator}/__admin/clock`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"advance_seconds": 7200}',
          })
        })
        expect(first.code, first.output).toBe(0)
        expect(moved?.status).toBe(200)
        let page = ''
        let reset: Response | undefined
        const second = await demoInTerminal('demo', own, async (banner) => {
          const url = /Open (http\S+)\/ and press/.exec(banner)?.[1]
          page = await (await fetch(`${url}/merchants`)).text()
          const command = /curl -X DELETE (http\S+)/.exec(banner)?.[1] ?? ''
          reset = await fetch(command, {
            method: 'DELETE',
            headers: { 'content-type': 'application/json' },
          })
        })
        expect(second.output).toContain(
          "NOTE: the emulator's clock is 2 hours ahead, moved in an earlier run",
        )
        expect(page).toContain('The emulator’s clock is 2 hours ahead of this machine’s.')
        expect(reset?.status).toBe(200)
        expect(await reset?.json()).toMatchObject({ offset_seconds: 0 })
        const third = await demoInTerminal('demo', own, async () => undefined)
        expect(third.output).not.toContain('NOTE:')
      } finally {
        await rm(own, { recursive: true, force: true })
      }
    },
    3 * DEMO_TIMEOUT_MS,
  )
})
