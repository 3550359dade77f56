import type pg from 'pg'
import { AlipayConfigError } from '../errors.js'
import { DEFAULT_COMMAND_TIMEOUT_MS, SqlStore, type SqlStoreOptions } from '../sql/sql-store.js'
import { SqlTables } from '../sql/sql-tables.js'
import { postgresDialect } from './postgres-dialect.js'
import { PostgresDriver } from './postgres-driver.js'

export interface PostgresStoreOptions extends SqlStoreOptions {
  /**
   * A pg `Pool` of yours (closing the store leaves it open). Give it `connectionTimeoutMillis`
   * and `query_timeout`, and an 'error' listener, as the store does for a pool of its own …
   */
  pool?: pg.Pool
  /** … or a `postgres://user:password@host:5432/database` URL to connect to (closing the store ends the pool). */
  url?: string
}

/**
 * Token store, state store and refresh coordinator in PostgreSQL, shared by every instance of an
 * app: tables `alipay_isv_*` created on first use (see the README's "PostgreSQL and MySQL"), one
 * refresh per merchant across processes by a row lease with a fencing token.
 */
export class PostgresStore extends SqlStore {
  constructor(options: PostgresStoreOptions) {
    if ((options?.pool === undefined) === (options?.url === undefined)) {
      throw new AlipayConfigError(
        'PostgresStore needs exactly one of `pool` (a pg Pool) or `url` (e.g. postgres://postgres@127.0.0.1:5432/app).',
      )
    }
    if (options.url !== undefined && !/^postgres(ql)?:\/\//.test(options.url)) {
      throw new AlipayConfigError(
        'PostgresStore `url` must start with postgres:// or postgresql://, e.g. postgres://postgres@127.0.0.1:5432/app.',
      )
    }
    const tables = new SqlTables(options.tablePrefix ?? 'alipay_isv_')
    const driver = new PostgresDriver(
      options.pool,
      options.url,
      options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    )
    super('PostgresStore', driver, postgresDialect, tables, options)
  }
}
