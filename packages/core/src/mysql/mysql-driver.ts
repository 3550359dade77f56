import mysql from 'mysql2/promise'
import { inTransaction } from '../sql/in-transaction.js'
import { SOCKET_ERROR_CODES } from '../sql/socket-error-codes.js'
import type { SqlDriver, SqlResult, SqlSession, SqlValue } from '../sql/sql-driver.js'

/** Node's and mysql2's codes for a connection that could not be made or was lost. */
const CONNECTION_CODES = new Set<string>([
  ...SOCKET_ERROR_CODES,
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
])
const CONNECTION_MESSAGES = /closed state|Connection lost|Pool is closed/i
/** Deadlock found; lock wait timeout exceeded: InnoDB rolled back, the transaction may run again. */
const TRANSIENT_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT'])

/**
 * SqlDriver over a mysql2 promise Pool. Every statement carries the store's timeout (mysql2 then
 * drops that connection); a pool created here also bounds connecting by it. Statements go by the
 * text protocol with values escaped by mysql2 (no server-side prepared statements to leak).
 */
export class MySqlDriver implements SqlDriver {
  readonly owned: boolean
  readonly server: string
  private readonly pool: mysql.Pool

  constructor(
    pool: mysql.Pool | undefined,
    url: string | undefined,
    private readonly commandTimeoutMs: number,
  ) {
    this.owned = pool === undefined
    this.pool =
      pool ??
      mysql.createPool({
        uri: url,
        connectTimeout: commandTimeoutMs,
        enableKeepAlive: true,
      })
    this.server = describeServer(this.pool)
  }

  query(sql: string, params: readonly SqlValue[] = []): Promise<SqlResult> {
    return this.run(this.pool, sql, params)
  }

  transaction<T>(body: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.withConnection((connection) =>
      inTransaction(
        (sql) => connection.query({ sql, timeout: this.commandTimeoutMs }),
        'START TRANSACTION',
        () => body(this.session(connection)),
      ),
    )
  }

  withLock<T>(name: string, body: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.withConnection(async (connection) => {
      const session = this.session(connection)
      // GET_LOCK is server-wide and takes at most 64 characters: a digest of database and name.
      const lockName = "SHA1(CONCAT(COALESCE(DATABASE(), ''), ':', ?))"
      const waitSeconds = Math.max(1, Math.ceil(this.commandTimeoutMs / 1000))
      const { rows } = await session.query(`SELECT GET_LOCK(${lockName}, ?) AS got`, [
        name,
        waitSeconds,
      ])
      if (Number(rows[0]?.got) !== 1) {
        throw new Error(`the lock ${name} is held by another connection`)
      }
      try {
        return await body(session)
      } finally {
        await session.query(`SELECT RELEASE_LOCK(${lockName}) AS released`, [name])
      }
    })
  }

  end(): Promise<void> {
    return this.pool.end()
  }

  isConnectionFailure(error: unknown): boolean {
    const { code, fatal, message } = (error ?? {}) as {
      code?: string
      fatal?: boolean
      message?: string
    }
    return (
      fatal === true ||
      (code !== undefined && CONNECTION_CODES.has(code)) ||
      CONNECTION_MESSAGES.test(message ?? '')
    )
  }

  isTransient(error: unknown): boolean {
    return TRANSIENT_CODES.has((error as { code?: string })?.code ?? '')
  }

  /**
   * A connection of the pool for `body`. After any failure it is destroyed rather than reused: it
   * may be broken, mid-transaction, or still holding a lock it could not give back.
   */
  private async withConnection<T>(
    body: (connection: mysql.PoolConnection) => Promise<T>,
  ): Promise<T> {
    const connection = await this.pool.getConnection()
    // A second failure on a lost connection would otherwise be an unhandled 'error' event.
    const ignore = () => undefined
    connection.connection.on('error', ignore)
    try {
      const result = await body(connection)
      connection.connection.removeListener('error', ignore)
      connection.release()
      return result
    } catch (error) {
      connection.destroy()
      throw error
    }
  }

  private session(connection: mysql.PoolConnection): SqlSession {
    return { query: (sql, params = []) => this.run(connection, sql, params) }
  }

  private async run(
    on: mysql.Pool | mysql.PoolConnection,
    sql: string,
    params: readonly SqlValue[],
  ): Promise<SqlResult> {
    const [result] = await on.query({ sql, values: [...params], timeout: this.commandTimeoutMs })
    if (Array.isArray(result)) {
      return { rows: result as Array<Record<string, unknown>>, affectedRows: 0 }
    }
    return { rows: [], affectedRows: (result as mysql.ResultSetHeader).affectedRows }
  }
}

function describeServer(pool: mysql.Pool): string {
  const config = (
    pool as unknown as {
      pool?: { config?: { connectionConfig?: { host?: string; port?: number; database?: string } } }
    }
  ).pool?.config?.connectionConfig
  if (!config) return 'MySQL'
  const database = config.database ? `/${config.database}` : ''
  return `MySQL at ${config.host ?? 'localhost'}:${config.port ?? 3306}${database}`
}
