import pg from 'pg'
import { inTransaction } from '../sql/in-transaction.js'
import { SOCKET_ERROR_CODES } from '../sql/socket-error-codes.js'
import type { SqlDriver, SqlResult, SqlSession, SqlValue } from '../sql/sql-driver.js'

/** Error codes of a connection that could not be made or was lost (Node's, and SQLSTATE class 08, 57P). */
const CONNECTION_CODES = new Set<string>([
  ...SOCKET_ERROR_CODES,
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
])
/** pg's own messages for the same, which carry no code. */
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connection error|Client was closed/i
/** serialization_failure, deadlock_detected. */
const TRANSIENT_CODES = new Set(['40001', '40P01'])

/**
 * SqlDriver over a pg Pool. A pool created here bounds connecting and each query by the store's
 * timeout and listens for 'error', so a connection lost while idle is dropped and replaced rather
 * than crashing the process. A client checked out for a transaction listens too while it is out.
 */
export class PostgresDriver implements SqlDriver {
  readonly owned: boolean
  readonly server: string
  private readonly pool: pg.Pool
  /** `?` placeholders numbered `$1, $2…`, once per statement text. */
  private readonly numbered = new Map<string, string>()

  constructor(pool: pg.Pool | undefined, url: string | undefined, commandTimeoutMs: number) {
    this.owned = pool === undefined
    this.pool =
      pool ??
      new pg.Pool({
        connectionString: url,
        connectionTimeoutMillis: commandTimeoutMs,
        query_timeout: commandTimeoutMs,
        keepAlive: true,
      })
    if (this.owned) this.pool.on('error', () => undefined)
    this.server = describeServer(this.pool.options)
  }

  query(sql: string, params: readonly SqlValue[] = []): Promise<SqlResult> {
    return run(this.pool, this.number(sql), params)
  }

  transaction<T>(body: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.withClient((client) =>
      inTransaction(
        (sql) => client.query(sql),
        'BEGIN',
        () => body(this.session(client)),
      ),
    )
  }

  withLock<T>(name: string, body: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      // A session lock: the server frees it if this connection dies.
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [name])
      try {
        return await body(this.session(client))
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name])
      }
    })
  }

  end(): Promise<void> {
    return this.pool.end()
  }

  isConnectionFailure(error: unknown): boolean {
    const { code, message } = (error ?? {}) as { code?: string; message?: string }
    return (
      (code !== undefined && CONNECTION_CODES.has(code)) || CONNECTION_MESSAGES.test(message ?? '')
    )
  }

  isTransient(error: unknown): boolean {
    return TRANSIENT_CODES.has((error as { code?: string })?.code ?? '')
  }

  /**
   * A client of the pool for `body`. After any failure it is destroyed rather than reused: it may
   * be broken, mid-transaction, or still holding a lock it could not give back.
   */
  private async withClient<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    // While checked out the pool does not listen: without this a lost connection would be an
    // unhandled 'error' event.
    const ignore = () => undefined
    client.on('error', ignore)
    let failure: unknown
    try {
      return await body(client)
    } catch (error) {
      failure = error
      throw error
    } finally {
      client.removeListener('error', ignore)
      client.release(failure !== undefined)
    }
  }

  private session(client: pg.PoolClient): SqlSession {
    return { query: (sql, params = []) => run(client, this.number(sql), params) }
  }

  private number(sql: string): string {
    let numbered = this.numbered.get(sql)
    if (numbered === undefined) {
      let index = 0
      numbered = sql.replace(/\?/g, () => `$${++index}`)
      this.numbered.set(sql, numbered)
    }
    return numbered
  }
}

async function run(
  on: pg.Pool | pg.PoolClient,
  text: string,
  params: readonly SqlValue[],
): Promise<SqlResult> {
  const result = await on.query({ text, values: params as SqlValue[] })
  return { rows: result.rows, affectedRows: result.rowCount ?? 0 }
}

function describeServer(options: pg.PoolConfig): string {
  let { host, port, database } = options
  if (options.connectionString) {
    try {
      const url = new URL(options.connectionString)
      host = url.hostname || host
      port = url.port ? Number(url.port) : port
      database = url.pathname.slice(1) || database
    } catch {
      // An unparsable string is pg's to refuse; the message names the server as best it can.
    }
  }
  return `PostgreSQL at ${host ?? 'localhost'}:${port ?? 5432}${database ? `/${database}` : ''}`
}
