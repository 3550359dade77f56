import type { SqlDialect } from '../sql/sql-dialect.js'

/** utf8mb4_bin: ids compare byte by byte, so pages come in the order every store uses. */
const ID = 'CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL'
const DUPLICATE_KEY = 'ER_DUP_ENTRY'

/**
 * MySQL 8 and MariaDB 10.11: upserts by ON DUPLICATE KEY UPDATE with VALUES() (the form both
 * accept), and no DELETE … RETURNING in MySQL, so a take is a read and a delete whose row count
 * says who took it.
 */
export const mysqlDialect: SqlDialect = {
  schemaTable: (t) =>
    `CREATE TABLE IF NOT EXISTS ${t.schema} (version INT NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL) ENGINE=InnoDB`,

  migrations: (t) => [
    [
      `CREATE TABLE IF NOT EXISTS ${t.tokens} (
        auth_app_id VARCHAR(128) ${ID} PRIMARY KEY,
        record MEDIUMTEXT CHARACTER SET utf8mb4 NOT NULL,
        status VARCHAR(32) CHARACTER SET ascii NOT NULL,
        expires_at BIGINT NOT NULL,
        INDEX ${t.tokens}_expiring (status, expires_at)) ENGINE=InnoDB`,
      `CREATE TABLE IF NOT EXISTS ${t.leases} (
        auth_app_id VARCHAR(128) ${ID} PRIMARY KEY,
        fencing_token BIGINT NOT NULL,
        lease_token BIGINT NOT NULL,
        held_until BIGINT NOT NULL) ENGINE=InnoDB`,
      `CREATE TABLE IF NOT EXISTS ${t.states} (
        state VARCHAR(255) ${ID} PRIMARY KEY,
        value MEDIUMTEXT CHARACTER SET utf8mb4 NOT NULL,
        expires_at BIGINT NOT NULL,
        INDEX ${t.states}_expiry (expires_at)) ENGINE=InnoDB`,
      `CREATE TABLE IF NOT EXISTS ${t.claims} (
        claim_key VARCHAR(255) ${ID} PRIMARY KEY,
        expires_at BIGINT NOT NULL,
        INDEX ${t.claims}_expiry (expires_at)) ENGINE=InnoDB`,
    ],
  ],

  upsertToken: (t) =>
    `INSERT INTO ${t.tokens} (auth_app_id, record, status, expires_at) VALUES (?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE record = VALUES(record), status = VALUES(status), expires_at = VALUES(expires_at)`,

  bumpFence: (t) =>
    `INSERT INTO ${t.leases} (auth_app_id, fencing_token, lease_token, held_until) VALUES (?, 1, 0, 0)
     ON DUPLICATE KEY UPDATE fencing_token = fencing_token + 1`,

  addLease: (t) =>
    `INSERT INTO ${t.leases} (auth_app_id, fencing_token, lease_token, held_until) VALUES (?, 0, 0, 0)
     ON DUPLICATE KEY UPDATE auth_app_id = auth_app_id`,

  putState: (t) =>
    `INSERT INTO ${t.states} (state, value, expires_at) VALUES (?, ?, ?)
     ON DUPLICATE KEY UPDATE value = VALUES(value), expires_at = VALUES(expires_at)`,

  deleteExpired: (table) => `DELETE FROM ${table} WHERE expires_at <= ? LIMIT ?`,

  async claim(db, t, key, until, now) {
    // An expired claim makes room; of concurrent inserts of the key, the primary key admits one.
    await db.query(`DELETE FROM ${t.claims} WHERE claim_key = ? AND expires_at <= ?`, [key, now])
    try {
      await db.query(`INSERT INTO ${t.claims} (claim_key, expires_at) VALUES (?, ?)`, [key, until])
      return true
    } catch (error) {
      if ((error as { code?: string }).code === DUPLICATE_KEY) return false
      throw error
    }
  },

  async take(db, t, state) {
    const { rows } = await db.query(`SELECT value, expires_at FROM ${t.states} WHERE state = ?`, [
      state,
    ])
    const row = rows[0]
    if (row === undefined) return undefined
    // Of concurrent takers, only the one whose delete removed the row has taken it.
    const deleted = await db.query(`DELETE FROM ${t.states} WHERE state = ?`, [state])
    return deleted.affectedRows === 1
      ? { value: String(row.value), expiresAt: Number(row.expires_at) }
      : undefined
  },
}
