/** What the test hands each app process, as JSON in the CRASH_MATRIX_APP environment variable. */
export interface MatrixAppConfig {
  adapter: 'fastify' | 'koa'
  store: { kind: 'file'; dir: string } | { kind: 'redis'; url: string; keyPrefix: string }
  appId: string
  /** PKCS#8 PEM. */
  privateKey: string
  alipayPublicKey: string
  /** The emulator's v2 gateway, `http://127.0.0.1:<port>/gateway.do`. */
  gateway: string
}

export const CONFIG_ENV = 'CRASH_MATRIX_APP'
/** The line an app prints once it listens, followed by its base URL. */
export const READY_PREFIX = 'crash-matrix app listening on '
