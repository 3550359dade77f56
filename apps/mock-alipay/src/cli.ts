import { constants } from 'node:fs'
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AlipayError } from '@alipay-isv/core'
import { type CliOptions, CliUsageError, parseCliArgs, USAGE } from './cli-args.js'
import { startBanner } from './cli-banner.js'
import { closeOnSignals } from './cli-signals.js'
import { ensureDemoApp } from './demo-app.js'
import { type KeyCache, openKeyCache } from './key-cache.js'
import { generateRsaKeyPair } from './rsa-key-pair.js'
import { readSeedFile } from './seed-file.js'
import { launchMockAlipay, type RunningMockAlipay } from './start.js'

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
  let started: Started | undefined
  closeOnSignals(() => started)
  try {
    started = await start(command.options)
    process.stdout.write(`${started.banner.join('\n')}\n`)
  } catch (error) {
    process.stderr.write(`mock-alipay: ${describeStartFailure(error, command.options)}\n`)
    process.exitCode = 1
  }
}

interface Started {
  alipay: RunningMockAlipay
  banner: string[]
  /** Closes the emulator and removes what this run alone needed. */
  close(): Promise<void>
}

async function start(options: CliOptions): Promise<Started> {
  const { port, host, dataDir, strictTimestamps, adminToken, allowedHosts } = options
  const seed = options.seedFile === undefined ? undefined : await readSeedFile(options.seedFile)
  // Without a data dir, keys come from the key cache: only a machine's first start makes them.
  const keyCache = dataDir === undefined && options.keyCache ? openKeyCache(undefined) : undefined
  const alipay = await launchMockAlipay(
    { port, host, dataDir, seed, strictTimestamps, adminToken, allowedHosts },
    keyCache,
  )
  const demoDir = seed === undefined ? await demoAppDir(dataDir, keyCache) : undefined
  const close = async () => {
    await alipay.close()
    if (demoDir?.temporary) await rm(demoDir.path, { recursive: true, force: true })
  }
  try {
    // Registered before the banner announces the URL: its reader may call at once.
    const demo =
      demoDir &&
      (await ensureDemoApp(
        alipay,
        demoDir.path,
        async () =>
          (await keyCache?.demoAppPrivateKey()) ?? (await generateRsaKeyPair()).privateKey,
      ))
    return {
      alipay,
      close,
      banner: startBanner(alipay, options, keyCache, demo, demoDir?.temporary),
    }
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * Where the demo app's files go: the data dir; else the key cache, which holds its key already;
 * else (--no-key-cache) a temporary directory, removed when the emulator stops.
 */
async function demoAppDir(
  dataDir: string | undefined,
  keyCache: KeyCache | undefined,
): Promise<{ path: string; temporary: boolean }> {
  if (dataDir !== undefined) return { path: dataDir, temporary: false }
  if (keyCache) {
    try {
      await mkdir(keyCache.dir, { recursive: true, mode: 0o700 })
      await access(keyCache.dir, constants.W_OK)
      return { path: keyCache.dir, temporary: false }
    } catch {
      // Not writable: the cache already warned; fall back to a directory of this run's own.
    }
  }
  return { path: await mkdtemp(join(tmpdir(), 'mock-alipay-')), temporary: true }
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
