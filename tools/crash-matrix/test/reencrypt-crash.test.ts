/**
 * A crash in the middle of a key rotation (issue: tokens at rest), through `apps/example-fastify`
 * configured by `ALIPAY_TOKEN_KEYS`. Records under the old key; the example with the new key in
 * front has its Re-encrypt tokens button pressed and is SIGKILLed once part of the store is
 * rewritten; a fresh one is pressed again and finishes; with the old key dropped, every merchant
 * still answers Query and Refresh. For the FileStore, a RedisStore (on a `redis-server` of this
 * test's own, AOF fsynced on every write), and a PostgresStore and a MySqlStore (a database of
 * their own on the local servers). Needs `redis-server` on PATH.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileStore, type MerchantToken } from '@alipay-isv/core'
import { tokenFingerprint } from '@alipay-isv/example-kit'
import { makeTestPlace, openSharedStore, type SharedStoreConfig } from '@alipay-isv/fleet'
import { describe, expect, it } from 'vitest'
import { type ExampleAppConfig, startExampleApp } from '../src/example-app.js'
import { startMatrixEmulator } from '../src/matrix-emulator.js'
import { useMatrixFixtures } from './matrix-fixtures.js'

/** Enough that a rewrite of them all takes far longer than noticing the first few. */
const MERCHANTS = 100
const oldKey = { id: 'old', key: randomBytes(32).toString('base64') }
const newKey = { id: 'new', key: randomBytes(32).toString('base64') }

const fixtures = useMatrixFixtures()
const { cleanups } = fixtures

/** The store as the test reads it: with the key or table prefix the example's store uses. */
type StoreConfig = { kind: 'file'; dir: string } | SharedStoreConfig

describe('crash matrix: SIGKILL during reencryptTokens(), then a rerun', () => {
  it.each(['file', 'redis', 'postgres', 'mysql'] as const)(
    'over a %s store loses no merchant and ends with every record under the new key',
    async (kind) => {
      const store = await newStore(kind)
      const seeded = await openRaw(store)
      const matrix = await startMatrixEmulator(MERCHANTS, seeded)
      cleanups.push(() => matrix.emulator.close())
      await seeded.close()
      const config = (tokenKeys: Array<typeof oldKey>): ExampleAppConfig => ({
        example: 'fastify',
        app: matrix.app,
        store: store.kind === 'file' ? store : { kind: store.kind, url: store.url },
        tokenKeys,
      })

      // Before: every record under the old key.
      const first = await startExampleApp(config([oldKey]))
      expect((await first.reencrypt()).reencrypt).toMatchObject({
        reencrypted: MERCHANTS,
        failed: 0,
      })
      await first.kill()
      expect(await keyIds(store)).toEqual({ old: MERCHANTS })

      // The new key in front; killed once part of the store is rewritten under it.
      const rotating = await startExampleApp(config([newKey, oldKey]))
      const watcher = await openWatcher(store)
      const interrupted = rotating.reencrypt()
      await until(watcher.rewrittenUnderNewKey)
      await rotating.kill()
      await watcher.close()
      expect((await interrupted).status).toBe(0)
      const afterCrash = await keyIds(store)
      expect(afterCrash.new, 'some records rewritten before the kill').toBeGreaterThan(0)
      expect(afterCrash.old, 'some left for the rerun').toBeGreaterThan(0)
      expect(afterCrash.new! + afterCrash.old!).toBe(MERCHANTS)

      const rerun = await startExampleApp(config([newKey, oldKey]))
      expect((await rerun.reencrypt()).reencrypt).toEqual({
        reencrypted: afterCrash.old,
        unchanged: afterCrash.new,
        failed: 0,
      })
      await rerun.kill()
      expect(await keyIds(store)).toEqual({ new: MERCHANTS })

      // The old key dropped: every merchant's token is the one Alipay holds, and still refreshes.
      const app = await startExampleApp(config([newKey]))
      cleanups.push(() => app.kill())
      for (const authAppId of matrix.merchants) {
        const queried = await app.press('query', authAppId)
        expect(queried, authAppId).toEqual({ status: 200, tokenStatus: 'valid' })
      }
      for (const authAppId of matrix.merchants.slice(0, 10)) {
        const refreshed = await app.press('refresh', authAppId)
        expect(refreshed, authAppId).toEqual({
          status: 200,
          fingerprint: tokenFingerprint(matrix.currentToken(authAppId) ?? ''),
        })
      }
    },
    180_000,
  )
})

/**
 * A store of the test's own. Over `ALIPAY_STORE_URL` the example uses the store's default prefix:
 * `alipay_isv_` for the tables (that of `makeTestPlace`) in a database of their own, and
 * `alipay-isv:` for the keys, on the `redis-server` this file starts for itself.
 */
async function newStore(kind: StoreConfig['kind']): Promise<StoreConfig> {
  if (kind === 'postgres' || kind === 'mysql') {
    const place = await makeTestPlace(kind)
    cleanups.push(() => place.remove())
    return place.config
  }
  if (kind === 'redis') return { kind, url: fixtures.redis.url, keyPrefix: 'alipay-isv:' }
  const dir = await mkdtemp(join(tmpdir(), 'reencrypt-crash-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return { kind, dir }
}

/** The store itself, without keys: what is persisted, as it is. */
function openRaw(store: StoreConfig) {
  return store.kind === 'file' ? FileStore.open({ dir: store.dir }) : openSharedStore(store)
}

/** How many records have both tokens under each key id (`plaintext` for none, `mixed` for two). */
async function keyIds(store: StoreConfig): Promise<Record<string, number>> {
  const raw = await openRaw(store)
  try {
    const counts: Record<string, number> = {}
    for (const record of await raw.list()) {
      const id = keyIdOf(record)
      counts[id] = (counts[id] ?? 0) + 1
    }
    return counts
  } finally {
    await raw.close()
  }
}

function keyIdOf({ appAuthToken, appRefreshToken }: MerchantToken): string {
  const [access, refresh] = [appAuthToken, appRefreshToken].map(
    (value) => /^enc:v1:([^:]+):/.exec(value)?.[1] ?? 'plaintext',
  )
  return access === refresh ? access! : 'mixed'
}

/** Tells whether the running app has rewritten a record under the new key yet, without locking. */
async function openWatcher(store: StoreConfig) {
  if (store.kind === 'file') {
    const log = join(store.dir, 'store.log')
    return {
      rewrittenUnderNewKey: async () => (await readFile(log, 'utf8')).includes('enc:v1:new:'),
      close: async () => undefined,
    }
  }
  const raw = await openSharedStore(store)
  return {
    rewrittenUnderNewKey: async () =>
      (await raw.list()).some((record) => record.appAuthToken.startsWith('enc:v1:new:')),
    close: () => raw.close(),
  }
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 2000; attempt++) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  throw new Error('the condition never held')
}
