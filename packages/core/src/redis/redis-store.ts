import type { Redis } from 'ioredis'
import { type Clock, systemClock } from '../clock.js'
import { AlipayConfigError, AlipayError } from '../errors.js'
import { checkPageRequest, type MerchantPage, type MerchantPageRequest } from '../stores/page.js'
import type {
  AuthorizationState,
  MerchantToken,
  RefreshCoordinator,
  RefreshLease,
  StateStore,
  TokenStore,
} from '../stores/types.js'
import { DEFAULT_COMMAND_TIMEOUT_MS, RedisConnection } from './redis-connection.js'
import { RedisKeys } from './redis-keys.js'
import { deleteRecord, hold, releaseHold, setRecord, setRecordIfFenced } from './scripts.js'

export interface RedisStoreOptions {
  /**
   * A connected ioredis client (closing the store leaves it open); create it with
   * `enableOfflineQueue: false` so that commands are not queued while Redis is away …
   */
  client?: Redis
  /** … or a `redis://` URL to connect to (closing the store disconnects). */
  url?: string
  /**
   * Every command gives up after this long with `AlipayStoreUnavailableError`, whichever
   * client. Default 3000 ms.
   */
  commandTimeoutMs?: number
  /** Prefix of every key, so several apps or environments can share one Redis. Default `alipay-isv:`. */
  keyPrefix?: string
  /** Decides when states, claims and refresh leases expire. Default: `Date.now`. */
  clock?: Clock
  /** How long one instance may hold a merchant's refresh; see `RefreshCoordinator`. Default 30 s. */
  refreshLeaseMs?: number
}

/** Above the slowest refresh with default options: three 5 s attempts and their backoff. */
const DEFAULT_REFRESH_LEASE_MS = 30_000

/**
 * Token and state store shared by every instance of an app, in Redis: tokens in one hash with
 * a sorted-set index of the active ones by expiry, states and claims as keys with a ttl, and a
 * refresh lease with fencing so that one instance at a time refreshes a merchant.
 */
export class RedisStore implements TokenStore, StateStore, RefreshCoordinator {
  readonly refreshLeaseMs: number
  private readonly connection: RedisConnection
  private readonly keys: RedisKeys
  private readonly clock: Clock
  private closing: Promise<void> | undefined

  constructor(options: RedisStoreOptions) {
    if ((options?.client === undefined) === (options?.url === undefined)) {
      throw new AlipayConfigError(
        'RedisStore needs exactly one of `client` (an ioredis client) or `url` (e.g. redis://127.0.0.1:6379).',
      )
    }
    this.connection = new RedisConnection(
      options.client,
      options.url,
      positive(options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS),
    )
    this.keys = new RedisKeys(options.keyPrefix ?? 'alipay-isv:')
    this.clock = options.clock ?? systemClock
    this.refreshLeaseMs = positive(options.refreshLeaseMs ?? DEFAULT_REFRESH_LEASE_MS)
  }

  async get(authAppId: string): Promise<MerchantToken | undefined> {
    const json = await this.redis((r) => r.hget(this.keys.tokens, authAppId))
    return json === null ? undefined : (JSON.parse(json) as MerchantToken)
  }

  async set(token: MerchantToken): Promise<void> {
    await this.redis((r) => setRecord.run(r, this.keys.tokenKeys, recordArgs(token)))
  }

  async delete(authAppId: string): Promise<void> {
    await this.redis((r) => deleteRecord.run(r, this.keys.tokenKeys, [authAppId]))
  }

  async list(): Promise<MerchantToken[]> {
    const values = await this.redis((r) => r.hvals(this.keys.tokens))
    return values.map((json) => JSON.parse(json) as MerchantToken)
  }

  async listPage(request: MerchantPageRequest): Promise<MerchantPage> {
    const { after, limit } = checkPageRequest(request)
    const { tokens, ids } = this.keys
    // One id more than asked tells whether another page follows.
    const from = after === undefined ? '-' : `(${after}`
    const page = await this.redis((r) => r.zrangebylex(ids, from, '+', 'LIMIT', 0, limit + 1))
    const wanted = page.slice(0, limit)
    if (wanted.length === 0) return { merchants: [] }
    const values = await this.redis((r) => r.hmget(tokens, ...wanted))
    // A record deleted between the two reads is left out.
    const merchants = values.flatMap((json) =>
      json === null ? [] : [JSON.parse(json) as MerchantToken],
    )
    return page.length > limit ? { merchants, next: wanted.at(-1) as string } : { merchants }
  }

  async listExpiringBefore(time: number, limit: number): Promise<MerchantToken[]> {
    if (limit <= 0) return []
    const { tokens, expiring } = this.keys
    const ids = await this.redis((r) => r.zrangebyscore(expiring, '-inf', time, 'LIMIT', 0, limit))
    if (ids.length === 0) return []
    const values = await this.redis((r) => r.hmget(tokens, ...ids))
    // A record may have changed between the two reads: check it again.
    return values
      .flatMap((json) => (json === null ? [] : [JSON.parse(json) as MerchantToken]))
      .filter((token) => token.status === 'active' && token.expiresAt <= time)
  }

  async put(state: string, value: AuthorizationState, ttlMs: number): Promise<void> {
    const ttl = positive(ttlMs)
    const stored = JSON.stringify({ value, expiresAt: this.clock() + ttl })
    await this.redis((r) => r.set(this.keys.state(state), stored, 'PX', ttl))
  }

  async take(state: string): Promise<AuthorizationState | undefined> {
    // GETDEL: of concurrent takes exactly one gets the value (Redis ≥ 6.2).
    const json = await this.redis((r) => r.getdel(this.keys.state(state)))
    return json === null ? undefined : liveState(json, this.clock())
  }

  async peek(state: string): Promise<AuthorizationState | undefined> {
    const json = await this.redis((r) => r.get(this.keys.state(state)))
    return json === null ? undefined : liveState(json, this.clock())
  }

  async isClaimed(key: string): Promise<boolean> {
    const held = await this.redis((r) => r.get(this.keys.claim(key)))
    // The value is `<held until>:<fencing token>` (see the hold script).
    return held !== null && Number.parseInt(held, 10) > this.clock()
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.hold(this.keys.claim(key), positive(ttlMs), '')) !== null
  }

  async acquireRefreshLease(authAppId: string): Promise<RefreshLease | undefined> {
    const key = this.keys.lease(authAppId)
    const value = await this.hold(key, this.refreshLeaseMs, authAppId)
    if (value === null) return undefined
    return {
      fencingToken: Number(value.slice(value.indexOf(':') + 1)),
      release: async () => {
        await this.redis((r) => releaseHold.run(r, [key], [value]))
      },
    }
  }

  async setIfFenced(token: MerchantToken, fencingToken: number): Promise<boolean> {
    const args = [...recordArgs(token), fencingToken]
    return (await this.redis((r) => setRecordIfFenced.run(r, this.keys.tokenKeys, args))) === 1
  }

  /** Stops accepting calls; disconnects only a client this store created. Harmless twice. */
  close(): Promise<void> {
    this.closing ??= this.connection.owned ? this.disconnect() : Promise.resolve()
    return this.closing
  }

  /** QUIT lets pending replies arrive; while Redis is away, just drop the connection. */
  private async disconnect(): Promise<void> {
    const { client } = this.connection
    if (client.status === 'ready') await this.connection.run((r) => r.quit()).catch(() => undefined)
    client.disconnect()
  }

  private async hold(key: string, ttlMs: number, merchant: string): Promise<string | null> {
    const now = this.clock()
    const args = [now, now + ttlMs, ttlMs, merchant]
    return (await this.redis((r) => hold.run(r, [key, this.keys.fences], args))) as string | null
  }

  /** Every command goes through here: refused after close, bounded in time, failures explained. */
  private redis<T>(command: (client: Redis) => Promise<T>): Promise<T> {
    if (this.closing) {
      throw new AlipayError('This RedisStore has been closed. Create a new store to read or write.')
    }
    return this.connection.run(command)
  }
}

/** A stored state's value, unless the store's clock says it has expired. */
function liveState(json: string, now: number): AuthorizationState | undefined {
  const { value, expiresAt } = JSON.parse(json) as { value: AuthorizationState; expiresAt: number }
  return expiresAt > now ? value : undefined
}

function recordArgs(token: MerchantToken): string[] {
  const active = token.status === 'active' ? '1' : '0'
  return [token.authAppId, JSON.stringify(token), String(token.expiresAt), active]
}

function positive(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new AlipayError(
      `A ttl must be a positive number of milliseconds, got ${ms}. Pass how long the entry should live.`,
    )
  }
  return Math.ceil(ms)
}
