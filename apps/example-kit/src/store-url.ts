import { AlipayConfigError } from '@alipay-isv/core'
import { type Env, integerVar, optional } from './env-values.js'

/** The shared stores `ALIPAY_STORE_URL` can name, by the URL's scheme. */
export type StoreKind = 'redis' | 'postgres' | 'mysql'

export interface StoreUrl {
  kind: StoreKind
  url: string
  /** `ALIPAY_REFRESH_LEASE_MS`: the store's `refreshLeaseMs`; absent, the store's default (30 s). */
  refreshLeaseMs?: number
}

const LEASE_VAR = 'ALIPAY_REFRESH_LEASE_MS'

const KINDS: Record<string, StoreKind> = {
  'redis:': 'redis',
  'rediss:': 'redis',
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
  'mysql:': 'mysql',
  'mariadb:': 'mysql',
}

/**
 * `ALIPAY_STORE_URL`, checked: a `redis://`, `postgres://` or `mysql://` URL naming its host (and,
 * for SQL, its database), or undefined when unset. Errors never repeat the URL, which may carry a
 * password. With it, `ALIPAY_REFRESH_LEASE_MS`: how long an instance that died mid-refresh keeps
 * the merchant from the others.
 */
export function readStoreUrl(env: Env): StoreUrl | undefined {
  const url = optional(env, 'ALIPAY_STORE_URL')
  if (url === undefined) {
    if (optional(env, LEASE_VAR) !== undefined) {
      throw new AlipayConfigError(
        `${LEASE_VAR} is for a store several instances share (ALIPAY_STORE_URL); the FileStore in ALIPAY_DATA_DIR has one process and no lease. Unset it, or set ALIPAY_STORE_URL.`,
      )
    }
    return undefined
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new AlipayConfigError(
      'ALIPAY_STORE_URL is not a URL. Give redis://host:6379, postgres://user:password@host:5432/database or mysql://user:password@host:3306/database, or unset it for the FileStore in ALIPAY_DATA_DIR.',
    )
  }
  const kind = KINDS[parsed.protocol]
  if (kind === undefined) {
    throw new AlipayConfigError(
      `ALIPAY_STORE_URL has the scheme ${parsed.protocol.slice(0, 20)}//, which names no store: use redis://, postgres:// or mysql:// (MySQL and MariaDB), or unset it for the FileStore in ALIPAY_DATA_DIR.`,
    )
  }
  if (parsed.hostname === '') {
    throw new AlipayConfigError(`ALIPAY_STORE_URL names no host: e.g. ${example(kind)}.`)
  }
  if (kind !== 'redis' && parsed.pathname.length <= 1) {
    throw new AlipayConfigError(
      `ALIPAY_STORE_URL names no database: add it after the host, e.g. ${example(kind)}. The store creates its tables there.`,
    )
  }
  if (optional(env, LEASE_VAR) === undefined) return { kind, url }
  // Above the slowest refresh (Alipay's timeout, tried three times), well within Alipay's grace.
  return { kind, url, refreshLeaseMs: integerVar(env, LEASE_VAR, 0, { min: 1000, max: 600_000 }) }
}

function example(kind: StoreKind): string {
  switch (kind) {
    case 'redis':
      return 'redis://127.0.0.1:6379'
    case 'postgres':
      return 'postgres://postgres@127.0.0.1:5432/alipay_isv'
    case 'mysql':
      return 'mysql://root@127.0.0.1:3306/alipay_isv'
  }
}
