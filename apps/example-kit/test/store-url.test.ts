import { describe, expect, it } from 'vitest'
import { openSharedStore } from '../src/shared-store.js'
import { readStoreUrl } from '../src/store-url.js'

describe('ALIPAY_STORE_URL', () => {
  it('is the FileStore when unset or blank', () => {
    expect(readStoreUrl({})).toBeUndefined()
    expect(readStoreUrl({ ALIPAY_STORE_URL: ' ' })).toBeUndefined()
  })

  it('names Redis, PostgreSQL or MySQL (MariaDB) by its scheme', () => {
    const kinds = [
      'redis://127.0.0.1:6379',
      'postgres://postgres@127.0.0.1:5432/app',
      'postgresql://u:p@db/app',
      'mysql://root@127.0.0.1:3306/app',
      'mariadb://root@db/app',
    ].map((url) => readStoreUrl({ ALIPAY_STORE_URL: url })?.kind)
    expect(kinds).toEqual(['redis', 'postgres', 'postgres', 'mysql', 'mysql'])
  })

  it('refuses another scheme, naming the ones it takes and never repeating the URL', () => {
    const read = () => readStoreUrl({ ALIPAY_STORE_URL: 'mongodb://user:s3cret@db/app' })
    expect(read).toThrow(
      /scheme mongodb:\/\/, which names no store: use redis:\/\/, postgres:\/\/ or mysql:\/\//,
    )
    expect(read).not.toThrow(/s3cret/)
  })

  it('refuses text that is not a URL, and a SQL URL without its database', () => {
    expect(() => readStoreUrl({ ALIPAY_STORE_URL: '127.0.0.1:5432' })).toThrow(
      /ALIPAY_STORE_URL is not a URL/,
    )
    expect(() => readStoreUrl({ ALIPAY_STORE_URL: 'postgres://u:s3cret@db:5432' })).toThrow(
      /names no database: add it after the host, e.g. postgres:\/\/postgres@127\.0\.0\.1:5432\/alipay_isv/,
    )
  })

  it('takes ALIPAY_REFRESH_LEASE_MS for the shared store only, in whole milliseconds from 1000', () => {
    const url = 'redis://127.0.0.1:6379'
    expect(readStoreUrl({ ALIPAY_STORE_URL: url })).toEqual({ kind: 'redis', url })
    expect(readStoreUrl({ ALIPAY_STORE_URL: url, ALIPAY_REFRESH_LEASE_MS: '3000' })).toEqual({
      kind: 'redis',
      url,
      refreshLeaseMs: 3000,
    })
    for (const bad of ['999', '3 s', '-1', '600001']) {
      expect(() => readStoreUrl({ ALIPAY_STORE_URL: url, ALIPAY_REFRESH_LEASE_MS: bad })).toThrow(
        `ALIPAY_REFRESH_LEASE_MS must be a whole number from 1000 to 600000; got "${bad}".`,
      )
    }
    expect(() => readStoreUrl({ ALIPAY_REFRESH_LEASE_MS: '3000' })).toThrow(
      /ALIPAY_REFRESH_LEASE_MS is for a store several instances share \(ALIPAY_STORE_URL\); the FileStore in ALIPAY_DATA_DIR has one process and no lease/,
    )
  })

  it('names the package to install when the store’s driver is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package 'mysql2' imported from /app"), {
      code: 'ERR_MODULE_NOT_FOUND',
    })
    const opening = openSharedStore({ kind: 'mysql', url: 'mysql://root@db/app' }, () =>
      Promise.reject(missing),
    )
    await expect(opening).rejects.toThrow(
      /needs the package mysql2, which is not installed\. Add it next to @alipay-isv\/core \(e\.g\. pnpm add mysql2\)/,
    )
  })

  it('opens the store the URL names, without connecting', async () => {
    const store = await openSharedStore({ kind: 'postgres', url: 'postgres://u@127.0.0.1:1/app' })
    expect(store.constructor.name).toBe('PostgresStore')
    expect(store).toMatchObject({ refreshLeaseMs: 30_000 })
    await store.close()
  })

  it('gives the store the refresh lease of ALIPAY_REFRESH_LEASE_MS', async () => {
    const url = 'postgres://u@127.0.0.1:1/app'
    const store = await openSharedStore({ kind: 'postgres', url, refreshLeaseMs: 3000 })
    expect(store).toMatchObject({ refreshLeaseMs: 3000 })
    await store.close()
  })
})
