import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { MySqlStore } from '@alipay-isv/core/mysql'
import { PostgresStore } from '@alipay-isv/core/postgres'
import { sampleMerchantToken } from '@alipay-isv/core/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { demoStoreUrl } from '../src/demo-store.js'

/** pg and mysql2 come from core, as the demo takes them. */
const requireFromCore = createRequire(
  new URL('../../../packages/core/package.json', import.meta.url),
)

const created: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const drop of created) await drop()
})

/** Drops `database` on the server `url` names, once the file is done. */
function dropLater(kind: 'postgres' | 'mysql', url: string, database: string): void {
  created.push(async () => {
    const server = new URL(url)
    server.pathname = kind === 'postgres' ? '/postgres' : '/mysql'
    if (kind === 'postgres') {
      const { Client } = requireFromCore('pg')
      const client = new Client({ connectionString: server.toString() })
      await client.connect()
      await client
        .query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
        .finally(() => client.end())
      return
    }
    const mysql = requireFromCore('mysql2/promise')
    const connection = await mysql.createConnection(server.toString())
    await connection.query(`DROP DATABASE IF EXISTS ${database}`).finally(() => connection.end())
  })
}

describe('pnpm demo --store: the ALIPAY_STORE_URL the example is given', () => {
  it('file: none, so the example keeps its FileStore', async () => {
    expect(await demoStoreUrl('file')).toBeUndefined()
  })

  it('redis: the local Redis', async () => {
    expect(await demoStoreUrl('redis')).toMatch(/^redis:\/\/127\.0\.0\.1:6379/)
  })

  it.each([
    ['postgres', (url: string) => new PostgresStore({ url })],
    ['mysql', (url: string) => new MySqlStore({ url })],
  ] as const)(
    '%s: a database of its own on the local server, created once and reused, where the store keeps merchants',
    async (kind, open) => {
      const database = `alipay_isv_test_demo_${randomBytes(4).toString('hex')}`
      const url = (await demoStoreUrl(kind, database)) ?? ''
      dropLater(kind, url, database)
      expect(new URL(url).pathname).toBe(`/${database}`)
      // A second start finds the database there.
      expect(await demoStoreUrl(kind, database)).toBe(url)
      const store = open(url)
      try {
        await store.set(sampleMerchantToken('2021000000000001'))
        expect(await store.get('2021000000000001')).toEqual(sampleMerchantToken('2021000000000001'))
      } finally {
        await store.close()
      }
    },
  )
})
