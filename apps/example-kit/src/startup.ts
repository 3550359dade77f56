import { AlipayConfigError, FileStore } from '@alipay-isv/core'
import { type ExampleConfig, readExampleConfig } from './config.js'
import type { Env } from './env-values.js'

/**
 * The example's configuration, or — when a variable is missing or wrong — one line naming it on
 * stderr and exit code 1, before anything listens.
 */
export function configOrExit(name: string, env: Env = process.env): ExampleConfig {
  try {
    const config = readExampleConfig(env)
    for (const warning of config.warnings) process.stderr.write(`${name}: warning: ${warning}\n`)
    return config
  } catch (error) {
    return exitOnConfigError(name, error, 'See the README for every variable.')
  }
}

/**
 * The example's `FileStore` (`ALIPAY_DATA_DIR`, with `repair: true` when `ALIPAY_STORE_REPAIR`
 * is on), or — when another process holds it or its log is damaged — the store's explanation and
 * the variables that change it on stderr, and exit code 1, before anything listens.
 */
export async function openStoreOrExit(name: string, config: ExampleConfig): Promise<FileStore> {
  try {
    return await FileStore.open({ dir: config.dataDir, repair: config.storeRepair })
  } catch (error) {
    return exitOnConfigError(
      name,
      error,
      'ALIPAY_DATA_DIR chooses another directory; ALIPAY_STORE_REPAIR=1 opens this one with `repair: true` (see the README).',
    )
  }
}

/** An `AlipayConfigError`'s message and `hint` on stderr, then exit code 1; any other error is rethrown. */
function exitOnConfigError(name: string, error: unknown, hint: string): never {
  if (!(error instanceof AlipayConfigError)) throw error
  process.stderr.write(`${name}: ${error.message}\n${hint}\n`)
  process.exit(1)
}

/**
 * Closes the app on SIGINT/SIGTERM/SIGHUP (its store flushes), then exits. A second signal exits at once.
 */
export function closeOnSignals(name: string, close: () => Promise<unknown>): void {
  let closing = false
  const stop = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1)
    closing = true
    process.stderr.write(`${name}: ${signal}, closing\n`)
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${name}: could not close cleanly: ${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  process.on('SIGHUP', (signal) => {
    // Its terminal is gone: writing to it fails (EIO), which must not stop the store closing.
    process.stderr.on('error', () => undefined)
    stop(signal)
  })
}
