/** A value bound to a statement's placeholder; a list only where the dialect expects one. */
export type SqlValue = string | number | null | string[]

/** What a statement gave back: its rows (none for a write) and how many rows it changed. */
export interface SqlResult {
  rows: Array<Record<string, unknown>>
  affectedRows: number
}

/** Where statements run: the pool, one transaction, or one connection holding a lock. */
export interface SqlSession {
  /** Runs `sql` (placeholders written `?`) with `params`. */
  query(sql: string, params?: readonly SqlValue[]): Promise<SqlResult>
}

/**
 * What the SQL stores need of a database driver (pg, mysql2): statements, transactions, a lock
 * across processes, and which failures mean the server is out of reach.
 */
export interface SqlDriver extends SqlSession {
  /** Whether the store created the pool from a URL (closing the store ends it), not passed in. */
  readonly owned: boolean
  /** Runs `body` in one transaction: committed when it resolves, rolled back when it rejects. */
  transaction<T>(body: (session: SqlSession) => Promise<T>): Promise<T>
  /**
   * Runs `body` on one connection while it holds the database's lock named `name`, which every
   * process of the fleet asks for by that name; waits for it as long as another holds it.
   */
  withLock<T>(name: string, body: (session: SqlSession) => Promise<T>): Promise<T>
  /** Ends a pool the store created; a pool passed in is left as it is. */
  end(): Promise<void>
  /** The server, for messages: `PostgreSQL at 127.0.0.1:5432`. */
  readonly server: string
  /** The failure says the server could not be reached, or the connection was lost. */
  isConnectionFailure(error: unknown): boolean
  /** A deadlock or a serialization failure: the transaction changed nothing and may run again. */
  isTransient(error: unknown): boolean
}
