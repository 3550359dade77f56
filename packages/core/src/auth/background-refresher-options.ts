import { type Clock, systemClock } from '../clock.js'
import { AlipayConfigError, type AlipayReauthorizationRequiredError } from '../errors.js'
import type { MerchantToken, TokenStore } from '../stores/types.js'
import type { AppAuth } from './app-auth.js'

export type RefreshOutcome =
  | { kind: 'refreshed'; authAppId: string; token: MerchantToken }
  /** Another caller or instance refreshed it first: nothing to do. */
  | { kind: 'skipped'; authAppId: string }
  /** The merchant must authorize again (refresh token dead, or cancelled). */
  | { kind: 'needs-reauthorization'; authAppId: string; error: AlipayReauthorizationRequiredError }
  /** Alipay unreachable or erring: tried again on the next sweep. */
  | { kind: 'failed'; authAppId: string; error: unknown }

export interface RefresherStats {
  sweeps: number
  refreshed: number
  skipped: number
  needsReauthorization: number
  failed: number
  /** Sweeps that could not read the store; `lastSweepError` is the latest one's error. */
  failedSweeps: number
  lastSweepError?: unknown
}

export interface BackgroundRefresherOptions {
  /** Refreshes go through it, so its single-flight and the fleet lease of a RedisStore apply. */
  auth: Pick<AppAuth, 'refresh'>
  /** The token store `auth` uses. */
  store: TokenStore
  /** Refresh tokens expiring within this. Default 8 days: a day before `getToken` (7 days) would. */
  refreshAheadMs?: number
  /** Time between sweeps, varied by ±20% so instances do not sweep in step. Default 5 minutes. */
  intervalMs?: number
  /** Merchants read from the store at a time. Default 100. */
  batchSize?: number
  /** Refreshes in flight at once. Default 4. */
  concurrency?: number
  clock?: Clock
  /** In [0, 1); spreads sweeps and the order of work. Default `Math.random`. */
  random?: () => number
  /** Called once per merchant handled, e.g. to log or alert on `needs-reauthorization`. */
  onOutcome?: (outcome: RefreshOutcome) => void
}

const DAY = 24 * 60 * 60_000

export type RefresherSettings = Required<Omit<BackgroundRefresherOptions, 'onOutcome'>> &
  Pick<BackgroundRefresherOptions, 'onOutcome'>

export function resolveRefresherOptions(options: BackgroundRefresherOptions): RefresherSettings {
  if (typeof options?.auth?.refresh !== 'function' || !options.store) {
    throw new AlipayConfigError(
      'BackgroundRefresher needs `auth` (your AppAuth) and `store` (the token store it uses).',
    )
  }
  const settings = {
    refreshAheadMs: 8 * DAY,
    intervalMs: 5 * 60_000,
    batchSize: 100,
    concurrency: 4,
    clock: systemClock,
    random: Math.random,
    ...withoutUndefined(options),
    auth: options.auth,
    store: options.store,
  }
  for (const name of ['intervalMs', 'batchSize', 'concurrency'] as const) {
    if (!(settings[name] > 0)) {
      throw new AlipayConfigError(
        `BackgroundRefresher: ${name} must be a positive number; got ${settings[name]}.`,
      )
    }
  }
  return settings
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<T>
}
