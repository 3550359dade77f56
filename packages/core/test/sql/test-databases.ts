import { randomBytes } from 'node:crypto'
import mysql from 'mysql2/promise'
import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'

/** The servers the SQL tests use: this machine's, unless the environment names others. */
export const POSTGRES_URL =
  process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
export const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/mysql'

export interface TestDatabase {
  /** The URL of the database made for the calling test file. */
  readonly url: string
  /** A table prefix not used before in this database, so every store starts empty. */
  prefix(): string
}

/**
 * A database of its own for the calling test file (`alipay_isv_test_<random>`) on the server of
 * `serverUrl`, created before its tests and dropped after them.
 */
export function useTestDatabase(kind: 'postgres' | 'mysql'): TestDatabase {
  const name = `alipay_isv_test_${randomBytes(6).toString('hex')}`
  const serverUrl = kind === 'postgres' ? POSTGRES_URL : MYSQL_URL
  const url = withDatabase(serverUrl, name)
  let stores = 0
  beforeAll(() => administer(kind, serverUrl, `CREATE DATABASE ${name}`))
  afterAll(() =>
    administer(
      kind,
      serverUrl,
      kind === 'postgres'
        ? `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`
        : `DROP DATABASE IF EXISTS ${name}`,
    ),
  )
  return { url, prefix: () => `t${++stores}_` }
}

/** `url` pointing at database `name` instead. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${name}`
  return parsed.toString()
}

/** Runs one statement on the server, on a connection of its own. */
export async function administer(
  kind: 'postgres' | 'mysql',
  serverUrl: string,
  sql: string,
): Promise<Array<Record<string, unknown>>> {
  if (kind === 'postgres') {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    try {
      return (await client.query(sql)).rows
    } finally {
      await client.end()
    }
  }
  const connection = await mysql.createConnection(serverUrl)
  try {
    const [rows] = await connection.query(sql)
    return Array.isArray(rows) ? (rows as Array<Record<string, unknown>>) : []
  } finally {
    await connection.end()
  }
}
