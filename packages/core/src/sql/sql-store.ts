import { type Clock, systemClock } from '../clock.js'
import { AlipayConfigError, AlipayError, AlipayStoreUnavailableError } from '../errors.js'
import { checkPageRequest, type MerchantPage, type MerchantPageRequest } from '../stores/page.js'
import type {
  AuthorizationState,
  MerchantToken,
  RefreshCoordinator,
  RefreshLease,
  StateStore,
  TokenStore,
} from '../stores/types.js'
import { BatchedReads } from './batched-reads.js'
import type { SqlDialect } from './sql-dialect.js'
import type { SqlDriver, SqlSession } from './sql-driver.js'
import { migrate } from './sql-schema.js'
import type { SqlTables } from './sql-tables.js'

/** Options both SQL stores take besides how to connect. */
export interface SqlStoreOptions {
  /** Prefix of every table the store creates, so several apps can share a database. Default `alipay_isv_`. */
  tablePrefix?: string
  /** Decides when states, claims and refresh leases expire. Default: `Date.now`. */
  clock?: Clock
  /**
   * Every call gives up after this long with `AlipayStoreUnavailableError`, whichever pool.
   * Default 3000 ms.
   */
  commandTimeoutMs?: number
  /** How long one instance may hold a merchant's refresh; see `RefreshCoordinator`. Default 30 s. */
  refreshLeaseMs?: number
}

/** A database on the network answers in milliseconds, or it is not reachable. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 3000
/** Above the slowest refresh with default options: three 5 s attempts and their backoff. */
const DEFAULT_REFRESH_LEASE_MS = 30_000
/** Expired states and claims are deleted every this many writes of either, this many at a time. */
const SWEEP_EVERY_WRITES = 64
const SWEEP_ROWS = 500
/** Deadlocks between concurrent writers of one merchant are resolved by running the loser again. */
const TRANSACTION_ATTEMPTS = 4
/**
 * Reads of merchants go out at once while fewer than this many are in flight, then in batches of
 * up to this many ids: a burst of getToken calls uses a few of the pool's connections, not all.
 */
const READS_IN_FLIGHT = 4
const READ_BATCH = 500
/** Ids and keys longer than their columns are refused before reaching the database. */
const MAX_KEY_LENGTH = 255
const MAX_AUTH_APP_ID_LENGTH = 128

/**
 * Token store, state store and refresh coordinator over one SQL database, shared by every
 * instance of an app. The dialect supplies the statements that differ between databases; the
 * driver the connections. Expiry is decided in the queries with this store's clock, so no sweeper
 * is needed; expired rows are also deleted as writes go by.
 */
export class SqlStore implements TokenStore, StateStore, RefreshCoordinator {
  readonly refreshLeaseMs: number
  private readonly clock: Clock
  private readonly commandTimeoutMs: number
  private schemaReady: Promise<void> | undefined
  /** Once the tables are known to be there, calls skip waiting for it. */
  private schemaMigrated = false
  private writesSinceSweep = 0
  private closing: Promise<void> | undefined
  private readonly reads = new BatchedReads(READS_IN_FLIGHT, READ_BATCH, (ids) =>
    this.readRecords(ids),
  )

  protected constructor(
    private readonly storeName: string,
    private readonly driver: SqlDriver,
    private readonly dialect: SqlDialect,
    private readonly tables: SqlTables,
    options: SqlStoreOptions,
  ) {
    this.clock = options.clock ?? systemClock
    this.commandTimeoutMs = positiveOption(
      'commandTimeoutMs',
      options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    )
    this.refreshLeaseMs = positiveOption(
      'refreshLeaseMs',
      options.refreshLeaseMs ?? DEFAULT_REFRESH_LEASE_MS,
    )
  }

  async get(authAppId: string): Promise<MerchantToken | undefined> {
    const json = await this.call(() => this.reads.read(authAppId))
    return json === undefined ? undefined : (JSON.parse(json) as MerchantToken)
  }

  async set(token: MerchantToken): Promise<void> {
    checkLength('authAppId', token.authAppId, MAX_AUTH_APP_ID_LENGTH)
    await this.transaction(async (db) => {
      await db.query(this.dialect.bumpFence(this.tables), [token.authAppId])
      await this.writeToken(db, token)
    })
  }

  async delete(authAppId: string): Promise<void> {
    checkLength('authAppId', authAppId, MAX_AUTH_APP_ID_LENGTH)
    await this.transaction(async (db) => {
      await db.query(this.dialect.bumpFence(this.tables), [authAppId])
      await db.query(`DELETE FROM ${this.tables.tokens} WHERE auth_app_id = ?`, [authAppId])
    })
  }

  async list(): Promise<MerchantToken[]> {
    const { rows } = await this.call((db) => db.query(`SELECT record FROM ${this.tables.tokens}`))
    return rows.map(parseRecord)
  }

  async listPage(request: MerchantPageRequest): Promise<MerchantPage> {
    const { after, limit } = checkPageRequest(request)
    // One row more than asked tells whether another page follows.
    const { rows } = await this.call((db) =>
      after === undefined
        ? db.query(`SELECT record FROM ${this.tables.tokens} ORDER BY auth_app_id LIMIT ?`, [
            limit + 1,
          ])
        : db.query(
            `SELECT record FROM ${this.tables.tokens} WHERE auth_app_id > ? ORDER BY auth_app_id LIMIT ?`,
            [after, limit + 1],
          ),
    )
    const merchants = rows.slice(0, limit).map(parseRecord)
    const last = merchants.at(-1)
    return rows.length > limit && last ? { merchants, next: last.authAppId } : { merchants }
  }

  async listExpiringBefore(time: number, limit: number): Promise<MerchantToken[]> {
    if (limit <= 0) return []
    // Served by the (status, expires_at) index.
    const { rows } = await this.call((db) =>
      db.query(
        `SELECT record FROM ${this.tables.tokens} WHERE status = 'active' AND expires_at <= ? ORDER BY expires_at LIMIT ?`,
        [Math.floor(time), Math.floor(limit)],
      ),
    )
    return rows.map(parseRecord)
  }

  async put(state: string, value: AuthorizationState, ttlMs: number): Promise<void> {
    checkLength('state', state, MAX_KEY_LENGTH)
    const ttl = positive(ttlMs)
    await this.call(async (db) => {
      await db.query(this.dialect.putState(this.tables), [
        state,
        JSON.stringify(value),
        this.clock() + ttl,
      ])
      await this.sweepNow(db)
    })
  }

  async take(state: string): Promise<AuthorizationState | undefined> {
    const taken = await this.call((db) => this.dialect.take(db, this.tables, state))
    // Expired ones are deleted too, as they would have been by the next sweep.
    return taken && taken.expiresAt > this.clock()
      ? (JSON.parse(taken.value) as AuthorizationState)
      : undefined
  }

  async peek(state: string): Promise<AuthorizationState | undefined> {
    const { rows } = await this.call((db) =>
      db.query(`SELECT value FROM ${this.tables.states} WHERE state = ? AND expires_at > ?`, [
        state,
        this.clock(),
      ]),
    )
    return rows[0] === undefined
      ? undefined
      : (JSON.parse(String(rows[0].value)) as AuthorizationState)
  }

  async isClaimed(key: string): Promise<boolean> {
    const { rows } = await this.call((db) =>
      db.query(
        `SELECT 1 AS held FROM ${this.tables.claims} WHERE claim_key = ? AND expires_at > ?`,
        [key, this.clock()],
      ),
    )
    return rows.length > 0
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    checkLength('claim key', key, MAX_KEY_LENGTH)
    const ttl = positive(ttlMs)
    return this.call(async (db) => {
      const now = this.clock()
      const claimed = await this.dialect.claim(db, this.tables, key, now + ttl, now)
      await this.sweepNow(db)
      return claimed
    })
  }

  async acquireRefreshLease(authAppId: string): Promise<RefreshLease | undefined> {
    checkLength('authAppId', authAppId, MAX_AUTH_APP_ID_LENGTH)
    const fencingToken = await this.call((db) => {
      const now = this.clock()
      return this.dialect.acquireLease(db, this.tables, authAppId, now, now + this.refreshLeaseMs)
    })
    if (fencingToken === undefined) return undefined
    return {
      fencingToken,
      release: async () => {
        // Only while this holder still has it: a late release never frees a successor's lease.
        await this.call((db) =>
          db.query(
            `UPDATE ${this.tables.leases} SET held_until = 0 WHERE auth_app_id = ? AND lease_token = ?`,
            [authAppId, fencingToken],
          ),
        )
      },
    }
  }

  async setIfFenced(token: MerchantToken, fencingToken: number): Promise<boolean> {
    return this.transaction(async (db) => {
      const { rows } = await db.query(
        `SELECT fencing_token FROM ${this.tables.leases} WHERE auth_app_id = ? FOR UPDATE`,
        [token.authAppId],
      )
      if (rows[0] === undefined || Number(rows[0].fencing_token) !== fencingToken) return false
      await this.writeToken(db, token)
      return true
    })
  }

  /** Creates the tables now rather than on first use, e.g. in a readiness check. */
  async ready(): Promise<void> {
    await this.call(async () => undefined)
  }

  /** Stops accepting calls; ends only a pool this store created. Harmless twice. */
  close(): Promise<void> {
    this.closing ??= this.driver.owned
      ? bounded(this.driver.end(), this.commandTimeoutMs).catch(() => undefined)
      : Promise.resolve()
    return this.closing
  }

  /** The stored JSON of each of `ids` that exists: one query, by primary key. */
  private async readRecords(ids: string[]): Promise<Map<string, string>> {
    const { tokens } = this.tables
    if (ids.length === 1) {
      const [id] = ids as [string]
      const { rows } = await this.driver.query(
        `SELECT record FROM ${tokens} WHERE auth_app_id = ?`,
        ids,
      )
      return new Map(rows.map((row) => [id, String(row.record)]))
    }
    const { rows } = await this.driver.query(this.dialect.selectTokens(this.tables), [ids])
    return new Map(rows.map((row) => [String(row.auth_app_id), String(row.record)]))
  }

  private writeToken(db: SqlSession, token: MerchantToken): Promise<unknown> {
    return db.query(this.dialect.upsertToken(this.tables), [
      token.authAppId,
      JSON.stringify(token),
      token.status,
      Math.floor(token.expiresAt),
    ])
  }

  /** Every so many writes, deletes a batch of expired states and claims; a failure is left for the next. */
  private async sweepNow(db: SqlSession): Promise<void> {
    if (++this.writesSinceSweep < SWEEP_EVERY_WRITES) return
    this.writesSinceSweep = 0
    const now = this.clock()
    const { states, claims } = this.tables
    await db
      .query(this.dialect.deleteExpired(states, 'state'), [now, SWEEP_ROWS])
      .then(() => db.query(this.dialect.deleteExpired(claims, 'claim_key'), [now, SWEEP_ROWS]))
      .catch(() => undefined)
  }

  private transaction<T>(body: (db: SqlSession) => Promise<T>): Promise<T> {
    return this.call(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.driver.transaction(body)
        } catch (error) {
          if (attempt >= TRANSACTION_ATTEMPTS || !this.driver.isTransient(error)) throw error
        }
      }
    })
  }

  /**
   * Every call goes through here: refused after close, the tables made on first use, bounded by
   * `commandTimeoutMs` in all, failures explained.
   */
  private async call<T>(body: (db: SqlSession) => Promise<T>): Promise<T> {
    if (this.closing) {
      throw new AlipayError(
        `This ${this.storeName} has been closed. Create a new store to read or write.`,
      )
    }
    try {
      const work = this.schemaMigrated
        ? body(this.driver)
        : this.schema().then(() => body(this.driver))
      return await bounded(work, this.commandTimeoutMs)
    } catch (error) {
      throw this.explain(error)
    }
  }

  private schema(): Promise<void> {
    this.schemaReady ??= migrate(this.driver, this.dialect, this.tables, this.storeName).then(
      () => {
        this.schemaMigrated = true
      },
      (error: unknown) => {
        this.schemaReady = undefined
        throw error
      },
    )
    return this.schemaReady
  }

  private explain(error: unknown): AlipayError {
    const { storeName, commandTimeoutMs } = this
    const { server } = this.driver
    if (error instanceof CommandTimeout) {
      return new AlipayStoreUnavailableError(
        `${storeName}: ${server} gave no answer within ${commandTimeoutMs} ms (commandTimeoutMs). Check that it runs and that this host can reach it; the change may or may not have been applied.`,
      )
    }
    if (error instanceof AlipayError) return error
    const message = error instanceof Error ? error.message : String(error)
    if (this.driver.isConnectionFailure(error)) {
      return new AlipayStoreUnavailableError(
        `${storeName}: ${server} is unreachable (${message}). Check that it runs and that this host can reach it; the pool reconnects by itself. The change may or may not have been applied.`,
        { cause: error },
      )
    }
    // Refused by a database that answers (no privilege, a table gone, a deadlock, a full disk):
    // the store cannot serve the request either.
    return new AlipayStoreUnavailableError(
      `${storeName}: a statement on ${server} failed (${message}). Check that the database exists and that its user may create and write the tables ${this.tables.prefix}*; the change may or may not have been applied.`,
      { cause: error },
    )
  }
}

class CommandTimeout extends Error {}

/** `work`, or a CommandTimeout after `ms`; the work itself is left to finish or fail on its own. */
function bounded<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new CommandTimeout()), ms)
    // Settling after the timeout changes nothing, and a late failure is not left unhandled.
    work.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

function parseRecord(row: Record<string, unknown>): MerchantToken {
  return JSON.parse(String(row.record)) as MerchantToken
}

function checkLength(what: string, value: string, max: number): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new AlipayError(
      `A ${what} must be a string of 1 to ${max} characters, got ${typeof value === 'string' ? `${value.length} characters` : typeof value}.`,
    )
  }
}

function positiveOption(name: string, ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new AlipayConfigError(`${name} must be a positive number of milliseconds, got ${ms}.`)
  }
  return Math.ceil(ms)
}

function positive(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new AlipayError(
      `A ttl must be a positive number of milliseconds, got ${ms}. Pass how long the entry should live.`,
    )
  }
  return Math.ceil(ms)
}
