/**
 * `pnpm demo [fastify|koa] [--cert] [--lan] [--store file|redis|postgres|mysql]`: the emulator on
 * 9300 (or a free port), the demo app registered with it, the example on 3000 (or a free port)
 * against it; with `--cert` (`pnpm demo:cert`) in certificate mode, with certificates issued by
 * the emulator's CA; with `--lan` (or `HOST=0.0.0.0`) on the machine's network address, so a phone
 * can scan the QR code; with `--store` over the local Redis, PostgreSQL or MySQL server
 * (`ALIPAY_STORE_URL`).
 * Ctrl-C, SIGTERM, or closing the terminal stops both and exits 0. State lives in `.local/demo/`
 * (gitignored; `DEMO_DIR` to put it elsewhere) and is reused by the next run.
 *
 * The root scripts start this with `… && exec node --import tsx …`: without the `exec`, the `sh`
 * that pnpm runs them in also gets the terminal's SIGINT and dies of it once this exits, and pnpm
 * reports a failed command (ELIFECYCLE) however cleanly the demo stopped. Not the `tsx` command:
 * it runs this in a child process and passes on SIGINT and SIGTERM but not SIGHUP, dying of it
 * alone. The example runs in its own process group, so only this process gets Ctrl-C (or the
 * SIGHUP of a closed terminal) and the example one SIGTERM.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parsePrivateKey } from '@alipay-isv/core'
import { createAdminClient, type RunningMockAlipay, startMockAlipay } from '@alipay-isv/mock-alipay'
import { banner } from './banner.js'
import { authorizeWithoutQuery, stubTradeQuery } from './business-calls.js'
import { DEMO_APP_ID, demoFiles, registerExampleApp } from './demo-app.js'
import { type DemoStore, parseDemoArgs } from './demo-args.js'
import { demoStoreUrl } from './demo-store.js'
import { exampleEnv } from './example-env.js'
import { type ExampleName, repoRoot, startExample } from './example-process.js'
import { lanAddress } from './lan-address.js'
import { portFor } from './ports.js'
import { readableLogLine } from './readable-log-line.js'
import { type TrustModeName, writeTrustFiles } from './trust-files.js'

const LOOPBACK = '127.0.0.1'

interface DemoOptions {
  name: ExampleName
  mode: TrustModeName
  /** The machine's LAN address, when the demo listens on every interface (`--lan`). */
  lan?: string
  store: DemoStore
}

/**
 * The emulator, listening on loopback; with `lan`, on every interface, its URL (the one the
 * example, the QR code and the consent page use) on the LAN address, which its admin API then
 * answers too.
 */
async function startEmulator(dir: string, lan: string | undefined): Promise<RunningMockAlipay> {
  const host = lan === undefined ? LOOPBACK : '0.0.0.0'
  const started = await startMockAlipay({
    host,
    port: await portFor(host, 9300),
    dataDir: join(dir, 'mock-alipay'),
    ...(lan === undefined ? {} : { allowedHosts: [lan] }),
  })
  if (lan === undefined) return started
  const url = `http://${lan}:${new URL(started.url).port}`
  return { ...started, url, admin: createAdminClient(url) }
}

async function main({ name, mode, lan, store }: DemoOptions): Promise<void> {
  const storeUrl = await demoStoreUrl(store)
  const dir = process.env.DEMO_DIR ?? join(repoRoot, '.local', 'demo')
  const alipay = await startEmulator(dir, lan)
  // The emulator's state (and its clock offset) is kept in dir between runs: say so when moved.
  const { offset_seconds: carriedOffset } = await alipay.admin.clock()
  const files = await demoFiles(dir)
  const host = lan === undefined ? LOOPBACK : '0.0.0.0'
  const port = await portFor(host, 3000)
  const exampleUrl = `http://${lan ?? LOOPBACK}:${port}`
  const privateKey = parsePrivateKey(await readFile(files.privateKeyFile, 'utf8'))
  const registered = await registerExampleApp(alipay, {
    appId: DEMO_APP_ID,
    privateKey,
    exampleUrl,
    // Alipay's tokens are long-lived in practice; the demo's expire, so moving the clock shows.
    tokenExpiry: 'enforce',
  })
  const example = await startExample(name, {
    env: exampleEnv({
      appId: DEMO_APP_ID,
      ...files,
      trust: await writeTrustFiles(dir, alipay, registered, mode),
      alipay,
      host,
      port,
      dataDir: join(dir, `${name}-data`),
      extra: {
        // Error pages show the developer's detail too; the app's log has it either way.
        NODE_ENV: 'development',
        ALIPAY_REDIRECT_URI: `${exampleUrl}/alipay/callback`,
        ...(storeUrl === undefined ? {} : { ALIPAY_STORE_URL: storeUrl }),
      },
    }),
    onLine: (line) => {
      const shown = readableLogLine(line)
      if (shown !== undefined) process.stdout.write(`[example-${name}] ${shown}\n`)
    },
    ownProcessGroup: true,
  }).catch(async (error: unknown) => {
    await alipay.close()
    throw error
  })

  let stopping = false
  const stop = async (reason: string, exitCode: number) => {
    if (stopping) return
    stopping = true
    process.stdout.write(`\n${reason}: stopping the example and the emulator…\n`)
    await example.stop()
    await alipay.close()
    process.exit(exitCode)
  }
  process.on('SIGINT', () => void stop('SIGINT', 0))
  process.on('SIGTERM', () => void stop('SIGTERM', 0))
  process.on('SIGHUP', () => {
    // The terminal is gone: writing to it fails (EIO), which must not keep the example running.
    process.stdout.on('error', () => undefined)
    void stop('SIGHUP', 0)
  })
  example.process.once('exit', (code) => void stop(`example-${name} exited (${code})`, 1))

  // Like a link from the Alipay console's 邀请商家授权: no state, so the example takes it only
  // because its ALIPAY_INVITES is on (the adapters' `invites` option).
  const invitation = await alipay.admin.invite({ app_id: DEMO_APP_ID })
  await stubTradeQuery(alipay.url, DEMO_APP_ID)
  await authorizeWithoutQuery(alipay.url, DEMO_APP_ID)
  const alipayUrl = alipay.url
  process.stdout.write(
    banner({
      name,
      mode,
      lan,
      dir,
      exampleUrl,
      alipayUrl,
      invitation: invitation.url,
      carriedOffset,
      storeUrl,
    }),
  )
}

let args: ReturnType<typeof parseDemoArgs>
try {
  args = parseDemoArgs(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`demo: ${(error as Error).message}\n`)
  process.exit(2)
}
const wantsLan = args.lan || process.env.HOST === '0.0.0.0'
const lan = wantsLan ? lanAddress() : undefined
if (wantsLan && lan === undefined) {
  process.stderr.write('demo: --lan: this machine has no network address besides loopback.\n')
  process.exit(2)
}
main({ name: args.name, mode: args.mode, lan, store: args.store }).catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
