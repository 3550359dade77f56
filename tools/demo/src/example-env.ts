import type { RunningMockAlipay } from '@alipay-isv/mock-alipay'

export interface ExampleEnvOptions {
  appId: string
  privateKeyFile: string
  /** `ALIPAY_PUBLIC_KEY_FILE`, or the three certificate variables (`writeTrustFiles`). */
  trust: Record<string, string>
  alipay: RunningMockAlipay
  host: string
  port: number
  dataDir: string
  cookieSecret: string
  /** Extra variables, e.g. `ALIPAY_TIMEOUT_MS`. */
  extra?: Record<string, string>
}

/**
 * The environment of an example pointed at the emulator: the variables of docs/architecture.md
 * "Examples", and nothing inherited that starts with ALIPAY_ (a developer's real credentials
 * must not leak into a demo).
 */
export function exampleEnv(options: ExampleEnvOptions): Record<string, string | undefined> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('ALIPAY_')),
  )
  return {
    ...inherited,
    ALIPAY_APP_ID: options.appId,
    ALIPAY_PRIVATE_KEY_FILE: options.privateKeyFile,
    ...options.trust,
    ALIPAY_GATEWAY: `${options.alipay.url}/gateway.do`,
    ALIPAY_AUTH_URL: `${options.alipay.url}/oauth2/appToAppAuth.htm`,
    HOST: options.host,
    PORT: String(options.port),
    ALIPAY_DATA_DIR: options.dataDir,
    ALIPAY_COOKIE_SECRET: options.cookieSecret,
    // The pages say when the emulator's clock is moved (its GET /__admin/clock).
    MOCK_ALIPAY_URL: options.alipay.url,
    ...options.extra,
  }
}
