import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AlipayError } from '@alipay-isv/core'
import { type CliOptions, CliUsageError, parseCliArgs, USAGE } from './cli-args.js'
import { ensureDemoApp } from './demo-app.js'
import { openKeyCache } from './key-cache.js'
import { generateRsaKeyPair } from './rsa-key-pair.js'
import { readSeedFile } from './seed-file.js'
import { type RunningMockAlipay, startMockAlipay } from './start.js'

/**
 * The `mock-alipay` command. Exit codes: 2 for a bad flag, 1 when it cannot start, 0 after
 * SIGINT/SIGTERM closed it cleanly.
 */
export async function main(argv: readonly string[]): Promise<void> {
  let command: ReturnType<typeof parseCliArgs>
  try {
    command = parseCliArgs(argv)
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error
    process.stderr.write(`mock-alipay: ${error.message}\nRun mock-alipay --help for usage.\n`)
    process.exitCode = 2
    return
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  // Handlers go in before the banner: whoever reads it may signal at once.
  let alipay: RunningMockAlipay | undefined
  closeOnSignals(() => alipay)
  try {
    const started = await start(command.options)
    alipay = started.alipay
    process.stdout.write(`${started.banner.join('\n')}\n`)
  } catch (error) {
    process.stderr.write(`mock-alipay: ${describeStartFailure(error, command.options)}\n`)
    process.exitCode = 1
  }
}

async function start(
  options: CliOptions,
): Promise<{ alipay: RunningMockAlipay; banner: string[] }> {
  const { port, host, dataDir } = options
  const seed = options.seedFile === undefined ? undefined : await readSeedFile(options.seedFile)
  // Without a data dir, keys come from the key cache: only a machine's first start makes them.
  const keyCache = dataDir === undefined && options.keyCache ? openKeyCache(undefined) : undefined
  const alipay = await startMockAlipay({
    port,
    host,
    dataDir,
    seed,
    keyCacheDir: keyCache?.dir ?? false,
  })
  // Register the demo app before the banner announces the URL: its reader may call at once.
  const demo =
    seed === undefined
      ? await ensureDemoApp(
          alipay,
          dataDir ?? (await mkdtemp(join(tmpdir(), 'mock-alipay-'))),
          async () =>
            (await keyCache?.demoAppPrivateKey()) ?? (await generateRsaKeyPair()).privateKey,
        )
      : undefined
  const lines = [`mock-alipay listening on ${alipay.url}`]
  if (demo) {
    lines.push(`Demo app ${demo.credentials.app_id}: credentials in ${demo.file}`)
    for (const [name, value] of Object.entries(demo.credentials.env))
      lines.push(`  ${name}=${value}`)
  } else {
    const appIds = alipay.engine.snapshot().apps.map((app) => app.app_id)
    lines.push(`Apps from ${options.seedFile}: ${appIds.join(', ') || '(none)'}`)
  }
  if (dataDir) lines.push(`State kept in ${dataDir}`)
  else if (keyCache)
    lines.push(`Generated keys kept in ${keyCache.dir} (--no-key-cache for fresh ones)`)
  // Last, as readers of the banner expect.
  lines.push(`Admin API: ${alipay.url}/__admin (Alipay public key: GET ${alipay.url}/__admin/keys)`)
  return { alipay, banner: lines }
}

function closeOnSignals(running: () => RunningMockAlipay | undefined): void {
  let closing = false
  const stop = (signal: NodeJS.Signals) => {
    const alipay = running()
    // Nothing to close yet; a second signal while closing means "now".
    if (!alipay) process.exit(0)
    if (closing) process.exit(1)
    closing = true
    process.stderr.write(`mock-alipay: ${signal}, closing\n`)
    alipay.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`mock-alipay: could not close cleanly: ${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

function describeStartFailure(error: unknown, options: CliOptions): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE') {
    return `port ${options.port} on ${options.host} is in use. Pick another with --port, or --port 0 for a free one.`
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return `cannot listen on host ${options.host}. Use an address of this machine, e.g. --host 127.0.0.1.`
  }
  if (error instanceof AlipayError) return error.message
  return `could not start: ${error instanceof Error ? error.message : String(error)}`
}
