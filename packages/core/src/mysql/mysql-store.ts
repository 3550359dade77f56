import type mysql from 'mysql2/promise'
import { AlipayConfigError } from '../errors.js'
import { DEFAULT_COMMAND_TIMEOUT_MS, SqlStore, type SqlStoreOptions } from '../sql/sql-store.js'
import { SqlTables } from '../sql/sql-tables.js'
import { mysqlDialect } from './mysql-dialect.js'
import { MySqlDriver } from './mysql-driver.js'

export interface MySqlStoreOptions extends SqlStoreOptions {
  /**
   * A mysql2 promise `Pool` of yours (`mysql2/promise`'s `createPool`, or a callback pool's
   * `.promise()`); closing the store leaves it open …
   */
  pool?: mysql.Pool
  /** … or a `mysql://user:password@host:3306/database` URL to connect to (closing the store ends the pool). */
  url?: string
}

/**
 * Token store, state store and refresh coordinator in MySQL 8 or MariaDB 10.11, shared by every
 * instance of an app: tables `alipay_isv_*` created on first use (see the README's "PostgreSQL
 * and MySQL"), one refresh per merchant across processes by a row lease with a fencing token.
 */
export class MySqlStore extends SqlStore {
  constructor(options: MySqlStoreOptions) {
    if ((options?.pool === undefined) === (options?.url === undefined)) {
      throw new AlipayConfigError(
        'MySqlStore needs exactly one of `pool` (a mysql2/promise Pool) or `url` (e.g. mysql://root@127.0.0.1:3306/app).',
      )
    }
    if (options.url !== undefined && !/^(mysql|mariadb):\/\/[^/]+\/[^/?]+/.test(options.url)) {
      throw new AlipayConfigError(
        'MySqlStore `url` must be mysql://user:password@host:3306/database, naming the database, e.g. mysql://root@127.0.0.1:3306/app.',
      )
    }
    const tables = new SqlTables(options.tablePrefix ?? 'alipay_isv_')
    const url = options.url?.replace(/^mariadb:/, 'mysql:')
    const driver = new MySqlDriver(
      options.pool,
      url,
      options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    )
    super('MySqlStore', driver, mysqlDialect, tables, options)
  }
}
