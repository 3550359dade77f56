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
    await store.close()
  })
})
