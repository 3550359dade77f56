/** What the test hands each instance process, as JSON in the FLEET_INSTANCE environment variable. */
export interface FleetInstanceConfig {
  framework: 'fastify' | 'koa'
  appId: string
  /** PKCS#8 PEM. */
  privateKey: string
  alipayPublicKey: string
  /** The emulator's v2 gateway, `http://127.0.0.1:<port>/gateway.do`. */
  gateway: string
  redisUrl: string
  keyPrefix: string
  refreshLeaseMs: number
}

export const CONFIG_ENV = 'FLEET_INSTANCE'
/** The first line an instance prints once it listens, followed by its base URL. */
export const READY_PREFIX = 'fleet instance listening on '
