import type { SqlSession } from './sql-driver.js'
import type { SqlTables } from './sql-tables.js'

/**
 * The statements that differ between PostgreSQL and MySQL. Placeholders are written `?`; the
 * PostgreSQL driver numbers them. Statements that are the same in both live in SqlStore.
 */
export interface SqlDialect {
  /** The version table, created before anything else under the schema lock. */
  schemaTable(tables: SqlTables): string
  /** Statements per schema version: index 0 creates version 1, and so on. */
  migrations(tables: SqlTables): string[][]
  /** Reads `auth_app_id, record` of the token rows of a list of ids. Params: the ids, as one list. */
  selectTokens(tables: SqlTables): string
  /** Insert or replace a token row. Params: auth_app_id, record, status, expires_at. */
  upsertToken(tables: SqlTables): string
  /** Counts a new fencing token for a merchant, creating its row. Params: auth_app_id. */
  bumpFence(tables: SqlTables): string
  /**
   * Takes the merchant's lease unless it is held after `now`, counting a new fencing token (the
   * lease's, returned), without a transaction: instances waiting for a refresh call this often.
   */
  acquireLease(
    session: SqlSession,
    tables: SqlTables,
    authAppId: string,
    now: number,
    until: number,
  ): Promise<number | undefined>
  /** Insert or replace a state. Params: state, value, expires_at. */
  putState(tables: SqlTables): string
  /** Deletes at most `limit` expired rows of `table` (column `expires_at`). Params: now, limit. */
  deleteExpired(table: string, key: string): string
  /** Sets the claim unless it is held after `now`; whether this call claimed it. */
  claim(
    session: SqlSession,
    tables: SqlTables,
    key: string,
    until: number,
    now: number,
  ): Promise<boolean>
  /** Deletes a state and gives what it held, to exactly one of concurrent callers. */
  take(session: SqlSession, tables: SqlTables, state: string): Promise<StoredState | undefined>
}

export interface StoredState {
  value: string
  expiresAt: number
}
