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
import { join } from 'node:path'
import { parseDemoArgs } from './demo-args.js'
import { repoRoot } from './example-process.js'
import { type DemoNetwork, demoNetwork } from './lan-address.js'
import { readableLogLine } from './readable-log-line.js'
import { type DemoOptions, startDemo } from './start-demo.js'

async function main(options: DemoOptions): Promise<void> {
  const { name } = options
  const demo = await startDemo(options)

  let stopping = false
  const stop = async (reason: string, exitCode: number) => {
    if (stopping) return
    stopping = true
    process.stdout.write(`\n${reason}: stopping the example and the emulator…\n`)
    await demo.stop()
    process.exit(exitCode)
  }
  process.on('SIGINT', () => void stop('SIGINT', 0))
  process.on('SIGTERM', () => void stop('SIGTERM', 0))
  process.on('SIGHUP', () => {
    // The terminal is gone: writing to it fails (EIO), which must not keep the example running.
    process.stdout.on('error', () => undefined)
    void stop('SIGHUP', 0)
  })
  demo.example.process.once('exit', (code) => void stop(`example-${name} exited (${code})`, 1))

  process.stdout.write(await demo.banner())
}

let args: ReturnType<typeof parseDemoArgs>
let network: DemoNetwork
try {
  args = parseDemoArgs(process.argv.slice(2))
  network = demoNetwork({ lan: args.lan, host: process.env.HOST })
} catch (error) {
  process.stderr.write(`demo: ${(error as Error).message}\n`)
  process.exit(2)
}
main({
  name: args.name,
  mode: args.mode,
  store: args.store,
  network,
  dir: process.env.DEMO_DIR ?? join(repoRoot, '.local', 'demo'),
  onLine: (line) => {
    const shown = readableLogLine(line)
    if (shown !== undefined) process.stdout.write(`[example-${args.name}] ${shown}\n`)
  },
}).catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
