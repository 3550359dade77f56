import type { SeededEmulator } from './seeded-emulator.js'

/** What the test hands each instance process, as JSON in the FLEET_INSTANCE environment variable. */
export type FleetInstanceConfig = SeededEmulator['app'] & {
  framework: 'fastify' | 'koa'
  redisUrl: string
  keyPrefix: string
  refreshLeaseMs: number
}

export const CONFIG_ENV = 'FLEET_INSTANCE'
/** The first line an instance prints once it listens, followed by its base URL. */
export const READY_PREFIX = 'fleet instance listening on '
