import type { SeededEmulator, SharedStoreConfig } from '@alipay-isv/fleet'

/** What the test hands each app process, as JSON in the CRASH_MATRIX_APP environment variable. */
export type MatrixAppConfig = SeededEmulator['app'] & {
  adapter: 'fastify' | 'koa'
  store: { kind: 'file'; dir: string } | SharedStoreConfig
  /** AppAuth's `tokenKeys`, keys as base64. */
  tokenKeys?: Array<{ id: string; key: string }>
}

export const CONFIG_ENV = 'CRASH_MATRIX_APP'
/** The line an app prints once it listens, followed by its base URL. */
export const READY_PREFIX = 'crash-matrix app listening on '
