/**
 * An ISV app as a process of its own, for the crash matrix to kill: the Fastify plugin or the
 * Koa middleware over a FileStore, a RedisStore, a PostgresStore or a MySqlStore, with the routes
 * of `merchant-actions.ts`.
 * Forced refreshes are not rate-limited here (`minRefreshIntervalMs: 0`), so that every Refresh
 * rotates the pair and a kill can land between Alipay's rotation and the store's write.
 */
import { FileStore } from '@alipay-isv/core'
import { openSharedStore, startAdapterApp } from '@alipay-isv/fleet'
import { CONFIG_ENV, type MatrixAppConfig, READY_PREFIX } from './matrix-config.js'
import { merchantAction } from './merchant-actions.js'

const {
  adapter,
  store: storeConfig,
  ...app
} = JSON.parse(process.env[CONFIG_ENV] ?? '') as MatrixAppConfig
const store =
  storeConfig.kind === 'file'
    ? await FileStore.open({ dir: storeConfig.dir })
    : // A killed process's leases keep its merchants for refreshLeaseMs: short here, so that the
      // restarted app finishes their refreshes within seconds rather than the default 30.
      await openSharedStore(storeConfig, { commandTimeoutMs: 1000, refreshLeaseMs: 3000 })

const url = await startAdapterApp(
  adapter,
  { ...app, store, minRefreshIntervalMs: 0 },
  merchantAction,
)
console.log(`${READY_PREFIX}${url}`)
