import { randomBytes, randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import mysql from 'mysql2/promise'
import pg from 'pg'
import type { SharedStoreConfig } from './store-config.js'

/** This machine's servers, unless the environment names others (see CONTRIBUTING). */
export const SERVER_URLS = {
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  postgres: process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  mysql: process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/mysql',
}

export type SharedStoreKind = SharedStoreConfig['kind']

/** A place of its own on a shared server for one test, and how to remove it afterwards. */
export interface TestPlace {
  config: SharedStoreConfig
  remove(): Promise<void>
}

/**
 * A fresh place for a test's data: a key prefix on Redis, or a database of its own
 * (`alipay_isv_test_<random>`) on PostgreSQL or MySQL, removed with everything in it.
 */
export async function makeTestPlace(kind: SharedStoreKind): Promise<TestPlace> {
  if (kind === 'redis') {
    const keyPrefix = `alipay-isv-test:${randomUUID()}:`
    return {
      config: { kind, url: SERVER_URLS.redis, keyPrefix },
      remove: () => deleteKeys(keyPrefix),
    }
  }
  const name = `alipay_isv_test_${randomBytes(6).toString('hex')}`
  const server = SERVER_URLS[kind]
  await administer(kind, server, `CREATE DATABASE ${name}`)
  const url = new URL(server)
  url.pathname = `/${name}`
  const drop =
    kind === 'postgres'
      ? `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`
      : `DROP DATABASE IF EXISTS ${name}`
  return {
    config: { kind, url: url.toString(), tablePrefix: 'alipay_isv_' },
    remove: () => administer(kind, server, drop),
  }
}

async function administer(
  kind: 'postgres' | 'mysql',
  serverUrl: string,
  sql: string,
): Promise<void> {
  if (kind === 'postgres') {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    await client.query(sql).finally(() => client.end())
    return
  }
  const connection = await mysql.createConnection(serverUrl)
  await connection.query(sql).finally(() => connection.end())
}

async function deleteKeys(prefix: string): Promise<void> {
  const admin = new Redis(SERVER_URLS.redis)
  try {
    for await (const keys of admin.scanStream({ match: `${prefix}*`, count: 1000 })) {
      if ((keys as string[]).length > 0) await admin.unlink(...(keys as string[]))
    }
  } finally {
    admin.disconnect()
  }
}
