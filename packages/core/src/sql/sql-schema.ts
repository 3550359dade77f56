import { AlipayError } from '../errors.js'
import type { SqlDialect } from './sql-dialect.js'
import type { SqlDriver } from './sql-driver.js'
import type { SqlTables } from './sql-tables.js'

/**
 * Brings the store's tables to the newest schema version this release knows, under a lock every
 * process takes by the same name, so that several processes starting at once create them once.
 * Each version's statements are idempotent (IF NOT EXISTS), so one cut short is simply run again.
 */
export async function migrate(
  driver: SqlDriver,
  dialect: SqlDialect,
  tables: SqlTables,
  storeName: string,
): Promise<void> {
  const migrations = dialect.migrations(tables)
  await driver.withLock(`${tables.prefix}schema`, async (session) => {
    await session.query(dialect.schemaTable(tables))
    const { rows } = await session.query(`SELECT MAX(version) AS version FROM ${tables.schema}`)
    const current = Number(rows[0]?.version ?? 0)
    if (current > migrations.length) {
      throw new AlipayError(
        `${storeName}: the tables ${tables.prefix}* are at schema version ${current}, made by a newer release of @alipay-isv/core than this one (which knows up to ${migrations.length}). Upgrade @alipay-isv/core in every process that shares them.`,
      )
    }
    for (let version = current + 1; version <= migrations.length; version++) {
      for (const statement of migrations[version - 1] ?? []) await session.query(statement)
      await session.query(`INSERT INTO ${tables.schema} (version, applied_at) VALUES (?, ?)`, [
        version,
        Date.now(),
      ])
    }
  })
}
