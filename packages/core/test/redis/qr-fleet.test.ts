import { afterEach, describe, expect, it } from 'vitest'
import { AppAuth } from '../../src/auth/app-auth.js'
import { RedisStore } from '../../src/redis.js'
import { clientOptions, manualClock, useMockAlipay } from '../mocks.js'
import { REDIS_URL, useRedisTestPrefix } from './redis-test-keys.js'

useMockAlipay()
const { prefix } = useRedisTestPrefix()
const stores: RedisStore[] = []
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()))
})

/** `count` instances of one app behind a load balancer: each its own RedisStore client. */
function fleet(count: number): AppAuth[] {
  const keyPrefix = prefix()
  const clock = manualClock()
  return Array.from({ length: count }, () => {
    const store = new RedisStore({ url: REDIS_URL, keyPrefix, clock })
    stores.push(store)
    return new AppAuth({
      ...clientOptions({ clock }),
      redirectUri: 'https://isv.example/cb',
      store,
    })
  })
}

describe('a QR authorization across a fleet sharing a RedisStore', () => {
  it('is started on one instance, opened and completed on others, and its status read on any', async () => {
    const [desktop, linkOpener, phone] = fleet(3) as [AppAuth, AppAuth, AppAuth]
    const qr = await desktop.startQrAuthorization({ path: '/alipay/authorize/qr' })
    expect(await linkOpener.qrConsentUrl(qr.state)).toContain(`state=${qr.state}`)
    expect(await phone.qrStatus(qr.state, qr.browserBinding)).toMatchObject({ status: 'pending' })

    const query = {
      app_id: phone.appId,
      source: 'alipay_app_auth',
      app_auth_code: 'c',
      state: qr.state,
    }
    await phone.handleCallback(query, undefined)

    for (const instance of [desktop, linkOpener, phone]) {
      expect(await instance.qrStatus(qr.state, qr.browserBinding)).toMatchObject({
        status: 'authorized',
        merchants: [{ authAppId: '2021000000000001' }],
      })
      expect(await instance.qrStatus(qr.state, 'someone-else')).toBeUndefined()
      expect(await instance.qrConsentUrl(qr.state)).toBeUndefined()
    }
  })
})
