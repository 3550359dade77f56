/**
 * `pnpm demo [fastify|koa] [--cert] [--store file|redis|postgres|mysql]`: the emulator on 9300 (or
 * a free port), the demo app registered with it, the example on 3000 (or a free port) against it;
 * with `--cert` (`pnpm demo:cert`) in certificate mode, with certificates issued by the emulator's
 * CA; with `--store` over the local Redis, PostgreSQL or MySQL server (`ALIPAY_STORE_URL`).
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
import { startMockAlipay } from '@alipay-isv/mock-alipay'
import { DEMO_APP_ID, demoFiles, registerExampleApp } from './demo-app.js'
import { type DemoArgs, parseDemoArgs } from './demo-args.js'
import { demoStoreUrl } from './demo-store.js'
import { exampleEnv } from './example-env.js'
import { repoRoot, startExample } from './example-process.js'
import { portFor } from './ports.js'
import { readableLogLine } from './readable-log-line.js'
import { writeTrustFiles } from './trust-files.js'

const HOST = '127.0.0.1'

async function main({ name, mode, store }: DemoArgs): Promise<void> {
  const dir = process.env.DEMO_DIR ?? join(repoRoot, '.local', 'demo')
  const storeUrl = await demoStoreUrl(store)
  const alipay = await startMockAlipay({
    host: HOST,
    port: await portFor(HOST, 9300),
    dataDir: join(dir, 'mock-alipay'),
  })
  const files = await demoFiles(dir)
  const port = await portFor(HOST, 3000)
  const exampleUrl = `http://${HOST}:${port}`
  const privateKey = parsePrivateKey(await readFile(files.privateKeyFile, 'utf8'))
  const registered = await registerExampleApp(alipay, {
    appId: DEMO_APP_ID,
    privateKey,
    exampleUrl,
  })
  const example = await startExample(name, {
    env: exampleEnv({
      appId: DEMO_APP_ID,
      ...files,
      trust: await writeTrustFiles(dir, alipay, registered, mode),
      alipay,
      host: HOST,
      port,
      dataDir: join(dir, `${name}-data`),
      extra: storeUrl === undefined ? {} : { ALIPAY_STORE_URL: storeUrl },
    }),
    onLine: (line) => process.stdout.write(`[example-${name}] ${readableLogLine(line)}\n`),
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
  const admin = (path: string, body: string) =>
    `curl -X POST ${alipay.url}/__admin/${path} -H 'content-type: application/json' -d '${body}'`
  const certificateTry =
    mode === 'certificate'
      ? `\n  Certificate mode: the three .crt files are in ${dir}. Rotate Alipay's certificate, then press Query:\n    ${admin('keys/rotate', '{}')}`
      : ''
  process.stdout.write(`
  Alipay ISV demo (${name}, ${mode} mode, ${store === 'file' ? 'FileStore' : `store ${storeUrl}`}) — no Alipay account needed

  Open ${example.url}/ and press "Authorize with Alipay".
  Or open this invitation link, as a merchant invited from the Alipay console would:
    ${invitation.url}

  The emulator (mock-alipay) runs at ${alipay.url}; try, while the demo runs:
    ${admin('clock', '{"advance_seconds": 31536000}')}
    ${admin('merchants/cancel', `{"app_id": "${DEMO_APP_ID}", "user_id": "<user_id from /merchants>"}`)}${certificateTry}
  State is kept in ${dir}${store === 'file' ? '' : `, the tokens in ${storeUrl}`} (delete it to start over). Ctrl-C stops both.

`)
}

let args: DemoArgs
try {
  args = parseDemoArgs(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`demo: ${(error as Error).message}\n`)
  process.exit(2)
}
main(args).catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
