import type { SeededEmulator } from './seeded-emulator.js'
import type { SharedStoreConfig } from './store-config.js'

/** What the test hands each instance process, as JSON in the FLEET_INSTANCE environment variable. */
export type FleetInstanceConfig = SeededEmulator['app'] & {
  framework: 'fastify' | 'koa'
  /** Each Alipay call's bound (AppAuth `timeoutMs`). */
  timeoutMs: number
  store: SharedStoreConfig
  commandTimeoutMs: number
  refreshLeaseMs: number
}

export const CONFIG_ENV = 'FLEET_INSTANCE'
/** The first line an instance prints once it listens, followed by its base URL. */
export const READY_PREFIX = 'fleet instance listening on '
