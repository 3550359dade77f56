import type { StateStore, TokenStore } from '@alipay-isv/core'

/** Which shared store a process of the fleet opens, as JSON a parent hands its children. */
export type SharedStoreConfig =
  | { kind: 'redis'; url: string; keyPrefix: string }
  | { kind: 'postgres' | 'mysql'; url: string; tablePrefix: string }

export type SharedStore = TokenStore & StateStore & { close(): Promise<void> }

/**
 * The store `config` names, with `options` (lease and timeout) applied. Each store's entry point
 * is imported only when used, as an app loads only the driver it has.
 */
export async function openSharedStore(
  config: SharedStoreConfig,
  options: { refreshLeaseMs?: number; commandTimeoutMs?: number } = {},
): Promise<SharedStore> {
  switch (config.kind) {
    case 'redis': {
      const { RedisStore } = await import('@alipay-isv/core/redis')
      return new RedisStore({ url: config.url, keyPrefix: config.keyPrefix, ...options })
    }
    case 'postgres': {
      const { PostgresStore } = await import('@alipay-isv/core/postgres')
      return new PostgresStore({ url: config.url, tablePrefix: config.tablePrefix, ...options })
    }
    case 'mysql': {
      const { MySqlStore } = await import('@alipay-isv/core/mysql')
      return new MySqlStore({ url: config.url, tablePrefix: config.tablePrefix, ...options })
    }
  }
}
