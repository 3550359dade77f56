import { afterEach, describe, expect, it } from 'vitest'
import { AppAuth } from '../../src/auth/app-auth.js'
import { RedisStore } from '../../src/redis.js'
import { sampleMerchantToken } from '../../src/testing/sample-records.js'
import { clientOptions, useMockAlipay } from '../mocks.js'
import { pausingAfterRead } from '../token-encryption/pause-after-read.js'
import { keyIdOf, newKey, oldKey, sealedWith } from '../token-encryption/token-keys.js'
import { REDIS_URL, useRedisTestPrefix } from './redis-test-keys.js'

useMockAlipay()
const { prefix } = useRedisTestPrefix()
const MERCHANT = '2021000000000001'

const RedisStoreWithPause = pausingAfterRead(RedisStore)

const stores: RedisStore[] = []
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()))
})

/** Two instances' stores over one Redis: the rotating one (with a pause hook) and an older one. */
function fleet() {
  const keyPrefix = prefix()
  const rotating = new RedisStoreWithPause({ url: REDIS_URL, keyPrefix })
  const older = new RedisStore({ url: REDIS_URL, keyPrefix })
  stores.push(rotating, older)
  const auth = new AppAuth({
    ...clientOptions(),
    redirectUri: 'https://isv.example/cb',
    store: rotating,
    tokenKeys: [newKey, oldKey],
  })
  return { auth, rotating, older, olderWrites: sealedWith(older, [oldKey]) }
}

describe('reencryptTokens over a RedisStore shared by a fleet', () => {
  it('waits while another instance holds the refresh lease, then re-encrypts what it wrote', async () => {
    const { auth, older, olderWrites } = fleet()
    await olderWrites.set(sampleMerchantToken(MERCHANT))
    const lease = (await older.acquireRefreshLease(MERCHANT))!
    const running = auth.reencryptTokens()
    let done = false
    void running.then(() => {
      done = true
    })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(done).toBe(false)

    const refreshed = sampleMerchantToken(MERCHANT, {
      appAuthToken: 'rotated-by-the-other-instance',
    })
    expect(await olderWrites.setIfFenced(refreshed, lease.fencingToken)).toBe(true)
    await lease.release()

    expect(await running).toEqual({ reencrypted: 1, unchanged: 0, failed: 0 })
    expect(keyIdOf((await older.get(MERCHANT))?.appAuthToken)).toBe('new')
    expect(await auth.getMerchant(MERCHANT)).toEqual(refreshed)
  })

  it('never writes back a record read before a re-authorization replaced it', async () => {
    const { auth, rotating, older, olderWrites } = fleet()
    await olderWrites.set(sampleMerchantToken(MERCHANT))
    const reauthorized = sampleMerchantToken(MERCHANT, {
      appAuthToken: 'after-re-authorization',
      appRefreshToken: 'after-re-authorization-refresh',
    })
    rotating.meanwhile = () => olderWrites.set(reauthorized)

    expect(await auth.reencryptTokens()).toEqual({ reencrypted: 1, unchanged: 0, failed: 0 })
    expect(keyIdOf((await older.get(MERCHANT))?.appRefreshToken)).toBe('new')
    expect(await auth.getMerchant(MERCHANT)).toEqual(reauthorized)
  })
})
