import { createRequire } from 'node:module'
import { makeTestPlace, type SharedStoreKind } from '@alipay-isv/fleet'
import { MySqlStore } from '../../packages/core/src/mysql.js'
import { PostgresStore } from '../../packages/core/src/postgres.js'
import type { SqlStore } from '../../packages/core/src/sql/sql-store.js'
import type { MerchantToken } from '../../packages/core/src/stores/types.js'
import { ratioResult, sampleToken } from './bench-helpers.js'
import { concurrentSlice, interleavedRates } from './interleaved.js'
import { offlineAppAuth } from './offline-app-auth.js'
import type { BenchResult } from './types.js'

const MERCHANTS = 100_000
/** Every 100th merchant expires within the week: the sweep's 1,000. */
const DUE = MERCHANTS / 100
const INSERT_BATCH = 1000
const DAY = 24 * 60 * 60_000
const TABLE_PREFIX = 'alipay_isv_'
const TOKENS = `${TABLE_PREFIX}tokens`

/** A raw query through the same driver the store uses, placeholders in its own style. */
interface RawDriver {
  query(sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>>
  end(): Promise<void>
}

/** pg and mysql2 are core's (optional) dependencies: the bench takes them from there. */
const requireFromCore = createRequire(new URL('../../packages/core/package.json', import.meta.url))

/** The few calls of each driver the bench makes itself. */
interface PgPool {
  query(sql: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>
  on(event: 'error', listener: () => void): unknown
  end(): Promise<void>
}
interface MySqlPool {
  query(sql: string, params: unknown[]): Promise<[unknown, unknown]>
  end(): Promise<void>
}

function rawDriver(kind: 'postgres' | 'mysql', url: string): RawDriver {
  if (kind === 'postgres') {
    const { Pool } = requireFromCore('pg') as { Pool: new (config: object) => PgPool }
    const pool = new Pool({ connectionString: url })
    // A connection still closing when the database is dropped ends with an error: not a crash.
    pool.on('error', () => undefined)
    return {
      query: async (sql, params) => (await pool.query(sql, params)).rows,
      end: () => pool.end(),
    }
  }
  const mysql = requireFromCore('mysql2/promise') as { createPool(url: string): MySqlPool }
  const pool = mysql.createPool(url)
  return {
    query: async (sql, params) =>
      (await pool.query(sql, params))[0] as Array<Record<string, unknown>>,
    end: () => pool.end(),
  }
}

/**
 * PostgresStore and MySqlStore against their own driver, same run, same database: `getToken` on
 * warm tokens against a raw primary-key SELECT (and parsing the record), one caller and 16 at once;
 * `listExpiringBefore` over 100,000 merchants (1% due) against the raw indexed query.
 */
export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = []
  for (const kind of ['postgres', 'mysql'] as const) results.push(...(await benchStore(kind)))
  return results
}

async function benchStore(kind: 'postgres' | 'mysql'): Promise<BenchResult[]> {
  const place = await makeTestPlace(kind as SharedStoreKind)
  const { url } = place.config
  const store: SqlStore =
    kind === 'postgres'
      ? new PostgresStore({ url, tablePrefix: TABLE_PREFIX })
      : new MySqlStore({ url, tablePrefix: TABLE_PREFIX })
  const raw = rawDriver(kind, url)
  const name = kind === 'postgres' ? 'PostgresStore' : 'MySqlStore'
  const p = kind === 'postgres' ? (n: number) => `$${n}` : () => '?'
  try {
    await store.ready()
    const now = Date.now()
    await insertMerchants(raw, p, now)
    const auth = offlineAppAuth(store)
    // Its pass over interrupted refreshes reads every record once at start: not measured.
    await auth.finishInterruptedRefreshes()
    const ids = Array.from({ length: MERCHANTS }, (_, i) => sampleToken(i, MERCHANTS).authAppId)
    // Warm tokens: the ones due this week are left out, so getToken never calls Alipay.
    const warm = ids.filter((_, i) => i % 100 !== 0)
    const pick = (i: number) => warm[(i * 7919) % warm.length]!
    const rawGet = async (i: number) => {
      const rows = await raw.query(`SELECT record FROM ${TOKENS} WHERE auth_app_id = ${p(1)}`, [
        pick(i),
      ])
      return (JSON.parse(String(rows[0]?.record)) as MerchantToken).appAuthToken
    }
    const getToken = (i: number) => auth.getToken(pick(i))
    const rows: BenchResult[] = []
    for (const concurrency of [1, 16]) {
      rows.push(
        ratioResult(
          {
            bench: 'sql',
            case: `${name} getToken, warm tokens, ${concurrency} caller${concurrency > 1 ? 's' : ''}`,
            unit: 'ops/s',
            baseline: `raw primary-key SELECT through ${kind === 'postgres' ? 'pg' : 'mysql2'}`,
          },
          await interleavedRates(
            [concurrentSlice(concurrency, rawGet), concurrentSlice(concurrency, getToken)],
            { slices: 80, sliceMs: 100 },
          ),
        ),
      )
    }
    const until = now + 7 * DAY
    const rawSweep = async () => {
      const due = await raw.query(
        `SELECT record FROM ${TOKENS} WHERE status = 'active' AND expires_at <= ${p(1)} ORDER BY expires_at LIMIT ${p(2)}`,
        [until, DUE],
      )
      if (due.length !== DUE) throw new Error(`raw query found ${due.length} due, not ${DUE}`)
      return due.map((row) => JSON.parse(String(row.record)) as MerchantToken)
    }
    const sweep = async () => {
      const due = await store.listExpiringBefore(until, DUE)
      if (due.length !== DUE) throw new Error(`the store found ${due.length} due, not ${DUE}`)
    }
    rows.push(
      ratioResult(
        {
          bench: 'sql',
          case: `${name} listExpiringBefore, ${MERCHANTS} merchants, ${DUE} due`,
          unit: 'sweeps/s',
          baseline: 'the raw indexed query, records parsed',
        },
        await interleavedRates([concurrentSlice(1, rawSweep), concurrentSlice(1, sweep)], {
          slices: 60,
          sliceMs: 200,
        }),
      ),
    )
    await auth.close()
    return rows
  } finally {
    await store.close()
    await raw.end()
    await place.remove()
  }
}

/** 100,000 records straight into the store's table, a thousand per statement. */
async function insertMerchants(raw: RawDriver, p: (n: number) => string, now: number) {
  for (let start = 0; start < MERCHANTS; start += INSERT_BATCH) {
    const values: unknown[] = []
    const tuples: string[] = []
    for (let i = start; i < Math.min(start + INSERT_BATCH, MERCHANTS); i++) {
      const expiresAt = now + (i % 100 === 0 ? DAY : 365 * DAY)
      const token = { ...sampleToken(i, MERCHANTS), expiresAt }
      const n = values.length
      tuples.push(`(${p(n + 1)}, ${p(n + 2)}, ${p(n + 3)}, ${p(n + 4)})`)
      values.push(token.authAppId, JSON.stringify(token), token.status, token.expiresAt)
    }
    await raw.query(
      `INSERT INTO ${TOKENS} (auth_app_id, record, status, expires_at) VALUES ${tuples.join(', ')}`,
      values,
    )
  }
}
