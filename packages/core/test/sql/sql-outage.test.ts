import mysql from 'mysql2/promise'
import pg from 'pg'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AlipayStoreUnavailableError } from '../../src/errors.js'
import { MySqlStore } from '../../src/mysql.js'
import { PostgresStore } from '../../src/postgres.js'
import type { SqlStore } from '../../src/sql/sql-store.js'
import { sampleMerchantToken } from '../../src/testing/sample-records.js'
import { TcpProxy } from '../support/tcp-proxy.js'
import { administer, useTestDatabase } from './test-databases.js'

const postgres = useTestDatabase('postgres')
const mariadb = useTestDatabase('mysql')

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Each store, how to reach its test database, and how to make a pool of the user's. */
const kinds = [
  {
    name: 'PostgresStore',
    kind: 'postgres',
    port: 5432,
    database: postgres,
    open: (options: { url: string; tablePrefix?: string; commandTimeoutMs?: number }) =>
      new PostgresStore(options),
    withUserPool: (url: string, commandTimeoutMs: number) => {
      const pool = new pg.Pool({ connectionString: url })
      // As the README asks of a pool of the user's: a connection lost while idle is no crash.
      pool.on('error', () => undefined)
      return { store: new PostgresStore({ pool, commandTimeoutMs }), end: () => pool.end() }
    },
  },
  {
    name: 'MySqlStore',
    kind: 'mysql',
    port: 3306,
    database: mariadb,
    open: (options: { url: string; tablePrefix?: string; commandTimeoutMs?: number }) =>
      new MySqlStore(options),
    withUserPool: (url: string, commandTimeoutMs: number) => {
      const pool = mysql.createPool(url)
      return { store: new MySqlStore({ pool, commandTimeoutMs }), end: () => pool.end() }
    },
  },
] as const

describe.each(kinds)('$name while its database is away', (kind) => {
  async function proxy(): Promise<TcpProxy> {
    const started = await TcpProxy.start(kind.port)
    cleanups.push(() => started.stop())
    return started
  }

  function track<T extends SqlStore>(store: T): T {
    cleanups.push(() => store.close())
    return store
  }

  it('fails fast with a typed error when the connection is refused, printing nothing', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
    cleanups.push(() => printed.mockRestore())
    const refusing = await proxy()
    await refusing.stop()
    // Far longer than a refusal takes: a store waiting out its timeout would be caught by the message.
    const store = track(
      kind.open({ url: refusing.urlFor(kind.database.url), commandTimeoutMs: 60_000 }),
    )
    const failure = await store.get('2021000000000001').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AlipayStoreUnavailableError)
    expect(String(failure)).toMatch(/127\.0\.0\.1:\d+.* is unreachable \(.*ECONNREFUSED/)
    expect(printed).not.toHaveBeenCalled()
  })

  it('gives up on a server that accepts and never answers after commandTimeoutMs', async () => {
    const hung = await proxy()
    hung.hang()
    const store = track(kind.open({ url: hung.urlFor(kind.database.url), commandTimeoutMs: 300 }))
    const failure = await store
      .set(sampleMerchantToken('2021000000000001'))
      .catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(AlipayStoreUnavailableError)
    // The store's own bound, or a pool of its own giving up on connecting at the same moment.
    expect(String(failure)).toMatch(
      /at 127\.0\.0\.1:\d+\S* (gave no answer within 300 ms \(commandTimeoutMs\)|is unreachable \(.*ETIMEDOUT|is unreachable \(.*timeout)/,
    )
  })

  it('calls a statement the database refuses unavailable too, saying what to check', async () => {
    const tablePrefix = kind.database.prefix()
    const store = track(kind.open({ url: kind.database.url, tablePrefix }))
    await store.set(sampleMerchantToken('2021000000000001'))
    // Taken away under the running store, as a migration gone wrong or a revoked grant would.
    await administer(kind.kind, kind.database.url, `DROP TABLE ${tablePrefix}tokens`)
    const failure = await store.get('2021000000000001').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AlipayStoreUnavailableError)
    expect(String(failure)).toMatch(
      new RegExp(
        `a statement on .+ failed \\(.*${tablePrefix}tokens.*\\)\\. Check that the database exists`,
      ),
    )
  })

  it('bounds every call on a pool of the user’s, which would otherwise wait for the server', async () => {
    const hung = await proxy()
    hung.hang()
    const { store, end } = kind.withUserPool(hung.urlFor(kind.database.url), 300)
    // The user's pool still waits for its connection: the server going away ends that wait.
    cleanups.push(async () => {
      await hung.stop()
      await end().catch(() => undefined)
    })
    const failure = await store.list().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AlipayStoreUnavailableError)
  })

  it('leaves a pool of the user’s open when closed', async () => {
    const { store, end } = kind.withUserPool(kind.database.url, 3000)
    cleanups.push(end)
    await store.set(sampleMerchantToken('2021000000000001'))
    await store.close()
    const again = kind.withUserPool(kind.database.url, 3000)
    cleanups.push(again.end)
    expect(await again.store.get('2021000000000001')).toEqual(
      sampleMerchantToken('2021000000000001'),
    )
    await again.store.close()
  })

  it('through a server stopped and restarted mid-load: typed failures while down, then every acknowledged write', async () => {
    const network = await proxy()
    const tablePrefix = kind.database.prefix()
    const url = network.urlFor(kind.database.url)
    const store = track(kind.open({ url, tablePrefix, commandTimeoutMs: 1000 }))
    await store.ready()
    const acknowledged = new Set<string>()
    const failures: unknown[] = []
    let writesAfterRestart = 0
    let restarted = false
    const writers = Array.from({ length: 8 }, async (_, writer) => {
      for (let i = 0; writesAfterRestart < 50; i++) {
        const id = `20210000${String(writer).padStart(2, '0')}${String(i).padStart(6, '0')}`
        try {
          await store.set(sampleMerchantToken(id))
          acknowledged.add(id)
          if (restarted) writesAfterRestart++
        } catch (error) {
          failures.push(error)
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      }
    })
    await until(() => acknowledged.size >= 100)
    await network.stop()
    await until(() => failures.length >= 8)
    await network.start()
    restarted = true
    await Promise.all(writers)

    expect(failures.length).toBeGreaterThan(0)
    for (const failure of failures) expect(failure).toBeInstanceOf(AlipayStoreUnavailableError)
    const direct = track(kind.open({ url: kind.database.url, tablePrefix }))
    const stored = new Set((await direct.list()).map((token) => token.authAppId))
    const lost = [...acknowledged].filter((id) => !stored.has(id))
    expect(lost).toEqual([])
  }, 60_000)
})

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 20_000) throw new Error('condition not met within 20 s')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
