import type { SqlDialect } from '../sql/sql-dialect.js'

/** PostgreSQL 12 or later: upserts by ON CONFLICT, takes by DELETE … RETURNING. */
export const postgresDialect: SqlDialect = {
  schemaTable: (t) =>
    `CREATE TABLE IF NOT EXISTS ${t.schema} (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`,

  migrations: (t) => [
    [
      // COLLATE "C": ids compare byte by byte, so pages come in the order every store uses.
      `CREATE TABLE IF NOT EXISTS ${t.tokens} (
        auth_app_id VARCHAR(128) COLLATE "C" PRIMARY KEY,
        record TEXT NOT NULL,
        status VARCHAR(32) NOT NULL,
        expires_at BIGINT NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS ${t.tokens}_expiring ON ${t.tokens} (status, expires_at)`,
      `CREATE TABLE IF NOT EXISTS ${t.leases} (
        auth_app_id VARCHAR(128) COLLATE "C" PRIMARY KEY,
        fencing_token BIGINT NOT NULL,
        lease_token BIGINT NOT NULL,
        held_until BIGINT NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS ${t.states} (
        state VARCHAR(255) COLLATE "C" PRIMARY KEY,
        value TEXT NOT NULL,
        expires_at BIGINT NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS ${t.states}_expiry ON ${t.states} (expires_at)`,
      `CREATE TABLE IF NOT EXISTS ${t.claims} (
        claim_key VARCHAR(255) COLLATE "C" PRIMARY KEY,
        expires_at BIGINT NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS ${t.claims}_expiry ON ${t.claims} (expires_at)`,
    ],
  ],

  selectTokens: (t) => `SELECT auth_app_id, record FROM ${t.tokens} WHERE auth_app_id = ANY(?)`,

  upsertToken: (t) =>
    `INSERT INTO ${t.tokens} (auth_app_id, record, status, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (auth_app_id) DO UPDATE
     SET record = EXCLUDED.record, status = EXCLUDED.status, expires_at = EXCLUDED.expires_at`,

  bumpFence: (t) =>
    `INSERT INTO ${t.leases} (auth_app_id, fencing_token, lease_token, held_until) VALUES (?, 1, 0, 0)
     ON CONFLICT (auth_app_id) DO UPDATE SET fencing_token = ${t.leases}.fencing_token + 1`,

  async acquireLease(db, t, authAppId, now, until) {
    // One statement: a concurrent taker waits for the row, then finds it held and gets no row.
    const { rows } = await db.query(
      `INSERT INTO ${t.leases} (auth_app_id, fencing_token, lease_token, held_until) VALUES (?, 1, 1, ?)
       ON CONFLICT (auth_app_id) DO UPDATE
       SET fencing_token = ${t.leases}.fencing_token + 1, lease_token = ${t.leases}.fencing_token + 1,
           held_until = EXCLUDED.held_until
       WHERE ${t.leases}.held_until <= ? RETURNING lease_token`,
      [authAppId, until, now],
    )
    return rows[0] === undefined ? undefined : Number(rows[0].lease_token)
  },

  putState: (t) =>
    `INSERT INTO ${t.states} (state, value, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (state) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,

  deleteExpired: (table, key) =>
    `DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE expires_at <= ? LIMIT ?)`,

  async claim(db, t, key, until, now) {
    // A concurrent claimer waits for the row, then finds it held: one of them gets a row back.
    const { rows } = await db.query(
      `INSERT INTO ${t.claims} (claim_key, expires_at) VALUES (?, ?)
       ON CONFLICT (claim_key) DO UPDATE SET expires_at = EXCLUDED.expires_at
       WHERE ${t.claims}.expires_at <= ? RETURNING 1 AS claimed`,
      [key, until, now],
    )
    return rows.length === 1
  },

  async take(db, t, state) {
    const { rows } = await db.query(
      `DELETE FROM ${t.states} WHERE state = ? RETURNING value, expires_at`,
      [state],
    )
    const row = rows[0]
    return row && { value: String(row.value), expiresAt: Number(row.expires_at) }
  },
}
