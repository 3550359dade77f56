import { AlipayConfigError, type StateStore, type TokenStore } from '@alipay-isv/core'
import type { StoreKind, StoreUrl } from './store-url.js'

export type ExampleStore = TokenStore & StateStore & { close(): Promise<void> }

/** The driver each store needs, an optional peer of @alipay-isv/core. */
const DRIVERS: Record<StoreKind, string> = { redis: 'ioredis', postgres: 'pg', mysql: 'mysql2' }

/** Loads a store's entry point; the examples import them only when chosen. */
export type EntryImporter = (kind: StoreKind) => Promise<Record<string, unknown>>

const importEntry: EntryImporter = (kind) => {
  switch (kind) {
    case 'redis':
      return import('@alipay-isv/core/redis')
    case 'postgres':
      return import('@alipay-isv/core/postgres')
    case 'mysql':
      return import('@alipay-isv/core/mysql')
  }
}

/**
 * The store `ALIPAY_STORE_URL` names (with `ALIPAY_REFRESH_LEASE_MS` when set), loaded only now
 * so that an app installs only its driver. A driver that is not installed is an
 * `AlipayConfigError` naming the package to add.
 */
export async function openSharedStore(
  { kind, url, refreshLeaseMs }: StoreUrl,
  load: EntryImporter = importEntry,
): Promise<ExampleStore> {
  let entry: Record<string, unknown>
  try {
    entry = await load(kind)
  } catch (error) {
    const driver = DRIVERS[kind]
    if (isMissing(error, driver)) {
      throw new AlipayConfigError(
        `ALIPAY_STORE_URL is a ${kind} URL, whose store needs the package ${driver}, which is not installed. Add it next to @alipay-isv/core (e.g. pnpm add ${driver}), or unset ALIPAY_STORE_URL for the FileStore in ALIPAY_DATA_DIR.`,
        { cause: error },
      )
    }
    throw error
  }
  const Store = {
    redis: entry.RedisStore,
    postgres: entry.PostgresStore,
    mysql: entry.MySqlStore,
  }[kind] as new (options: {
    url: string
    refreshLeaseMs?: number
  }) => ExampleStore
  return new Store({ url, refreshLeaseMs })
}

function isMissing(error: unknown, driver: string): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string }
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    (message ?? '').includes(`'${driver}'`)
  )
}
