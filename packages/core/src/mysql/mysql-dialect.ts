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

  // mysql2 expands a list bound to IN (?) into its values.
  selectTokens: (t) => `SELECT auth_app_id, record FROM ${t.tokens} WHERE auth_app_id IN (?)`,

  upsertToken: (t) =>
    `INSERT INTO ${t.tokens} (auth_app_id, record, status, expires_at) VALUES (?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE record = VALUES(record), status = VALUES(status), expires_at = VALUES(expires_at)`,

  bumpFence: (t) =>
    `INSERT INTO ${t.leases} (auth_app_id, fencing_token, lease_token, held_until) VALUES (?, 1, 0, 0)
     ON DUPLICATE KEY UPDATE fencing_token = fencing_token + 1`,

  async acquireLease(db, t, authAppId, now, until) {
    // MySQL assigns left to right: lease_token gets the old fencing_token + 1, as fencing_token does.
    const taken = await db.query(
      `UPDATE ${t.leases} SET lease_token = fencing_token + 1, fencing_token = fencing_token + 1, held_until = ?
       WHERE auth_app_id = ? AND held_until <= ?`,
      [until, authAppId, now],
    )
    if (taken.affectedRows === 1) {
      // Read outside a transaction: until the lease lapses nobody else changes lease_token.
      const { rows } = await db.query(`SELECT lease_token FROM ${t.leases} WHERE auth_app_id = ?`, [
        authAppId,
      ])
      return Number(rows[0]?.lease_token)
    }
    // Held, or the merchant's first lease: of concurrent first takers the primary key admits one.
    try {
      await db.query(
        `INSERT INTO ${t.leases} (auth_app_id, fencing_token, lease_token, held_until) VALUES (?, 1, 1, ?)`,
        [authAppId, until],
      )
      return 1
    } catch (error) {
      if ((error as { code?: string }).code === DUPLICATE_KEY) return undefined
      throw error
    }
  },

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
