import { AlipayConfigError, AlipayError, FileStore } from '@alipay-isv/core'
import { type ExampleConfig, readExampleConfig } from './config.js'
import type { Env } from './env-values.js'
import { type ExampleStore, openSharedStore } from './shared-store.js'

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
 * The store `ALIPAY_STORE_URL` names, reached once (its tables created) before anything listens;
 * unset, the example's `FileStore` (`ALIPAY_DATA_DIR`, with `repair: true` when
 * `ALIPAY_STORE_REPAIR` is on). When it cannot be used (a driver missing, the server unreachable,
 * the directory held by another process or damaged): the store's explanation and the variables
 * that change it on stderr, and exit code 1.
 */
export async function openStoreOrExit(name: string, config: ExampleConfig): Promise<ExampleStore> {
  if (config.store) return openSharedStoreOrExit(name, config.store)
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

async function openSharedStoreOrExit(
  name: string,
  url: NonNullable<ExampleConfig['store']>,
): Promise<ExampleStore> {
  const hint =
    'ALIPAY_STORE_URL chooses the store; unset it for the FileStore in ALIPAY_DATA_DIR (see the README).'
  let store: ExampleStore | undefined
  try {
    store = await openSharedStore(url)
    // Reached now, not at the first request: a wrong host or database shows at start.
    await store.listPage({ limit: 1 })
    return store
  } catch (error) {
    await store?.close().catch(() => undefined)
    if (!(error instanceof AlipayError)) throw error
    return exitOnConfigError(name, new AlipayConfigError(error.message, { cause: error }), hint)
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
