import { createRequire } from 'node:module'
import type { DemoStore } from './demo-args.js'

/** The demo's database on the local PostgreSQL or MySQL server, created when missing. */
const DEMO_DATABASE = 'alipay_isv_demo'

/** The local servers, unless the environment names others (as the tests read them). */
const SERVERS = {
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  postgres: process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  mysql: process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/mysql',
}

/** The one connection each driver opens here. */
interface Connection {
  query(sql: string, params?: unknown[]): Promise<unknown>
  end(): Promise<void>
}

/** pg and mysql2 are core's (optional) dependencies: the demo takes them from there. */
const requireFromCore = createRequire(
  new URL('../../../packages/core/package.json', import.meta.url),
)

/**
 * The example's `ALIPAY_STORE_URL` for `--store`: the local Redis, or the demo's own database
 * (`database`, by default `alipay_isv_demo`) on the local PostgreSQL or MySQL server, created here
 * if missing (the store makes its tables, not its database). Undefined for the FileStore.
 */
export async function demoStoreUrl(
  store: DemoStore,
  database = DEMO_DATABASE,
): Promise<string | undefined> {
  if (store === 'file') return undefined
  if (store === 'redis') return SERVERS.redis
  const server = SERVERS[store]
  await createDatabase(store, server, database).catch((error: unknown) => {
    throw new Error(
      `cannot create the database ${database} on the ${store} server ${new URL(server).host} (${error instanceof Error ? error.message : String(error)}). Start the server, or set ${store === 'postgres' ? 'POSTGRES_URL' : 'MYSQL_URL'} to one you can use.`,
    )
  })
  const url = new URL(server)
  url.pathname = `/${database}`
  return url.toString()
}

async function createDatabase(
  kind: 'postgres' | 'mysql',
  server: string,
  database: string,
): Promise<void> {
  if (kind === 'mysql') {
    const mysql = requireFromCore('mysql2/promise') as {
      createConnection(url: string): Promise<Connection>
    }
    const connection = await mysql.createConnection(server)
    await connection
      .query(`CREATE DATABASE IF NOT EXISTS ${database}`)
      .finally(() => connection.end())
    return
  }
  const { Client } = requireFromCore('pg') as {
    Client: new (config: object) => Connection & { connect(): Promise<void> }
  }
  const client = new Client({ connectionString: server })
  await client.connect()
  try {
    const { rowCount } = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ])) as { rowCount: number }
    if (rowCount === 0) await client.query(`CREATE DATABASE ${database}`)
  } finally {
    await client.end()
  }
}
