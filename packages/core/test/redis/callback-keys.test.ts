import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { AppAuth } from '../../src/auth/app-auth.js'
import { RedisStore } from '../../src/redis.js'
import { clientOptions, manualClock, useMockAlipay } from '../mocks.js'
import { REDIS_URL, useRedisTestPrefix } from './redis-test-keys.js'

useMockAlipay()
const { prefix } = useRedisTestPrefix()
const admin = new Redis(REDIS_URL)
afterAll(() => admin.disconnect())

function appAuthOnRedis() {
  const keyPrefix = prefix()
  const clock = manualClock()
  const store = new RedisStore({ url: REDIS_URL, keyPrefix, clock })
  const auth = new AppAuth({
    ...clientOptions({ clock }),
    redirectUri: 'https://isv.example/cb',
    store,
  })
  /** Every key under the prefix with its serialized value: byte for byte what Redis holds. */
  const contents = async () => {
    const keys = (await admin.keys(`${keyPrefix}*`)).sort()
    return Promise.all(keys.map(async (key) => [key, await admin.dumpBuffer(key)] as const))
  }
  return { auth, store, keyPrefix, contents }
}

async function startFlow(auth: AppAuth, code: string) {
  const { state, browserBinding } = await auth.authorizeUrl()
  const query = { app_id: auth.appId, source: 'alipay_app_auth', app_auth_code: code, state }
  return { query, browserBinding }
}

describe('callbacks on a RedisStore', () => {
  it('leave Redis unchanged when refused', async () => {
    const { auth, store, contents } = appAuthOnRedis()
    const { query, browserBinding } = await startFlow(auth, 'code-1')
    const before = await contents()
    const refused = [
      auth.handleCallback({ ...query, app_auth_code: 'A'.repeat(15_000) }, browserBinding),
      auth.handleCallback({ ...query, state: 'forged-state-0123456789abcdef' }, browserBinding),
      auth.handleCallback(query, undefined),
      auth.handleCallback(query, 'another-browser'),
      auth.handleCallback({ ...query, state: '' }, browserBinding),
    ]
    for (const outcome of await Promise.allSettled(refused)) {
      expect(outcome.status).toBe('rejected')
    }
    expect(await contents()).toEqual(before)
    await store.close()
  })

  it('claim codes and consume states under keys of one fixed size, whatever the length of the code', async () => {
    const { auth, store, keyPrefix } = appAuthOnRedis()
    for (const code of ['c', 'C'.repeat(128)]) {
      const { query, browserBinding } = await startFlow(auth, code)
      await auth.handleCallback(query, browserBinding)
    }
    const claims = await admin.keys(`${keyPrefix}claim:*`)
    // Per callback: its state consumed, its code claimed while exchanged, then as exchanged.
    expect(claims).toHaveLength(6)
    const lengths = new Set(claims.map((key) => key.length - key.lastIndexOf(':') - 1))
    expect([...lengths]).toEqual([43])
    await store.close()
  })
})
