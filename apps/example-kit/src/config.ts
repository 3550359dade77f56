import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { AlipayConfigError, type AppAuthOptions, parsePrivateKey } from '@alipay-isv/core'
import {
  type Env,
  httpUrlVar,
  integerVar,
  keyText,
  optional,
  required,
  switchVar,
} from './env-values.js'
import { readStoreUrl, type StoreUrl } from './store-url.js'
import { readTokenKeys } from './token-keys-env.js'
import { readTrustMode, type TrustMode } from './trust-mode.js'

/** Everything an example needs, read from the variables of docs/architecture.md "Examples". */
export interface ExampleConfig {
  /** Passed to the adapter as they are; the adapter builds the `AppAuth`. */
  alipay: Pick<
    AppAuthOptions,
    | 'appId'
    | 'privateKey'
    | 'alipayPublicKey'
    | 'certificates'
    | 'gateway'
    | 'authUrl'
    | 'redirectUri'
    | 'timeoutMs'
    | 'tokenKeys'
    | 'minRefreshIntervalMs'
  >
  /** Public-key or certificate mode, with what the pages show of it. */
  trust: TrustMode
  /**
   * `ALIPAY_INVITES`, on unless set to off: callbacks from invitation links (no state) are
   * exchanged and stored as `via: "invite"`. The adapters' `invites` option, off by default there.
   */
  invites: boolean
  host: string
  port: number
  /** `ALIPAY_STORE_URL`: a Redis, PostgreSQL or MySQL store shared by every instance; unset, the FileStore. */
  store?: StoreUrl
  /** Where the `FileStore` keeps tokens and states. */
  dataDir: string
  /** `ALIPAY_STORE_REPAIR`, off unless set: open the `FileStore` with `repair: true`. */
  storeRepair: boolean
  /** At least 32 characters; signs the state cookie. */
  cookieSecret: string
  /**
   * `NODE_ENV=development` (the demo sets it): error pages also show the detail meant for the
   * developer (Alipay's codes, which configuration to check). Otherwise it goes to the log only.
   */
  development: boolean
  /** `MOCK_ALIPAY_URL`: the emulator the app runs against, whose moved clock the pages show. */
  emulatorUrl?: string
  /** Things the person starting the app should know, e.g. a generated cookie secret. */
  warnings: string[]
}

/**
 * A pair is rotated at most once a minute (core's default): a double click must not spend the
 * refresh token twice. `ALIPAY_MIN_REFRESH_INTERVAL_MS` changes it, up to a day; 0 turns it off.
 */
const MIN_REFRESH_INTERVAL_MS = 60_000
const MAX_REFRESH_INTERVAL_MS = 24 * 3600_000

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]'])

/** Reads and checks the environment; throws an `AlipayConfigError` naming the variable at fault. */
export function readExampleConfig(env: Env, cwd = process.cwd()): ExampleConfig {
  const appId = required(env, 'ALIPAY_APP_ID', 'your ISV app id from the Alipay console.')
  const privateKeyText = keyText(env, 'ALIPAY_PRIVATE_KEY', 'your app’s RSA private key.')
  const privateKey = parsePrivateKey(privateKeyText.text, privateKeyText.from)
  const trust = readTrustMode(env, privateKey)
  const host = optional(env, 'HOST') ?? '127.0.0.1'
  const port = integerVar(env, 'PORT', 3000, { min: 0, max: 65535 })
  const redirectUri = httpUrlVar(env, 'ALIPAY_REDIRECT_URI') ?? defaultRedirectUri(host, port)
  const warnings: string[] = []
  let cookieSecret = optional(env, 'ALIPAY_COOKIE_SECRET')
  if (cookieSecret === undefined) {
    cookieSecret = randomBytes(32).toString('base64url')
    warnings.push(
      'ALIPAY_COOKIE_SECRET is not set: using a random one for this run, so authorizations in progress will not survive a restart.',
    )
  } else if (cookieSecret.length < 32) {
    throw new AlipayConfigError(
      `ALIPAY_COOKIE_SECRET must be at least 32 characters long; it has ${cookieSecret.length}.`,
    )
  }
  const timeoutMs = optional(env, 'ALIPAY_TIMEOUT_MS')
  return {
    alipay: {
      appId,
      privateKey,
      ...(trust.mode === 'public-key'
        ? { alipayPublicKey: trust.alipayPublicKey }
        : { certificates: trust.certificates }),
      gateway: httpUrlVar(env, 'ALIPAY_GATEWAY', '/gateway.do'),
      authUrl: httpUrlVar(env, 'ALIPAY_AUTH_URL'),
      redirectUri,
      timeoutMs:
        timeoutMs === undefined
          ? undefined
          : integerVar(env, 'ALIPAY_TIMEOUT_MS', 0, { min: 1, max: 600_000 }),
      tokenKeys: readTokenKeys(env),
      // Always given, so the merchants page can say when Refresh rotates again.
      minRefreshIntervalMs: integerVar(
        env,
        'ALIPAY_MIN_REFRESH_INTERVAL_MS',
        MIN_REFRESH_INTERVAL_MS,
        { min: 0, max: MAX_REFRESH_INTERVAL_MS },
      ),
    },
    trust,
    invites: switchVar(env, 'ALIPAY_INVITES', true),
    host,
    port,
    store: readStoreUrl(env),
    dataDir: resolve(cwd, optional(env, 'ALIPAY_DATA_DIR') ?? '.alipay-data'),
    storeRepair: switchVar(env, 'ALIPAY_STORE_REPAIR', false),
    cookieSecret,
    development: optional(env, 'NODE_ENV') === 'development',
    emulatorUrl: httpUrlVar(env, 'MOCK_ALIPAY_URL')?.replace(/\/+$/, ''),
    warnings,
  }
}

/** `http://HOST:PORT/alipay/callback`; a wildcard HOST is reached as 127.0.0.1. */
function defaultRedirectUri(host: string, port: number): string {
  if (port === 0) {
    throw new AlipayConfigError(
      'ALIPAY_REDIRECT_URI is needed when PORT=0: the callback URL must be known before the app listens.',
    )
  }
  return `${baseUrl(host, port)}/alipay/callback`
}

/** The URL a browser on this machine uses to reach the app. */
export function baseUrl(host: string, port: number): string {
  const reachable = WILDCARD_HOSTS.has(host) ? '127.0.0.1' : host
  return `http://${reachable.includes(':') && !reachable.startsWith('[') ? `[${reachable}]` : reachable}:${port}`
}
