import { describe, expect, it } from 'vitest'
import type { AppAuth } from '../../src/auth/app-auth.js'
import type { MerchantToken } from '../../src/stores/types.js'
import {
  type Answer,
  authorizationNotify,
  cancellationNotify,
  tokenFields,
  tokenPair,
  useMockAlipay,
} from '../mocks.js'
import { createAppAuth } from './setup.js'

const { alipay } = useMockAlipay()
const DAY = 24 * 60 * 60_000
const MERCHANT = tokenFields(1).auth_app_id
const REFRESHED = { fields: { tokens: [tokenFields(1, tokenPair('refreshed'))] } }

/** An AppAuth holding a token due for refresh, authorized a day before the clock. */
async function dueForRefresh() {
  const setup = createAppAuth()
  const { clock, store } = setup
  const record: MerchantToken = {
    authAppId: MERCHANT,
    userId: tokenFields(1).user_id,
    ...{ appAuthToken: 'old-access', appRefreshToken: 'old-refresh' },
    expiresAt: clock.now + DAY,
    refreshExpiresAt: clock.now + 8 * DAY,
    authorizedAt: clock.now - DAY,
    updatedAt: clock.now - DAY,
    status: 'active',
    via: 'browser',
  }
  await store.set(record)
  return setup
}

/** Alipay delivers `notification` while it is still answering the refresh, then answers. */
function notifyDuringRefresh(auth: AppAuth, notification: string, answer: Answer) {
  alipay.tokenAnswer = async () => {
    expect(await auth.handleNotify(notification)).toMatchObject({ ok: true })
    return answer
  }
}

describe('a notification that arrives while a refresh is in flight', () => {
  it('keeps a cancellation: the refresh result does not resurrect the merchant', async () => {
    const { auth, clock, store } = await dueForRefresh()
    notifyDuringRefresh(
      auth,
      cancellationNotify({ auth_app_id: MERCHANT }, 'n-cancel', clock.now),
      REFRESHED,
    )
    await expect(auth.getToken(MERCHANT)).rejects.toMatchObject({ reason: 'cancelled' })
    expect(await store.get(MERCHANT)).toMatchObject({
      status: 'cancelled',
      appAuthToken: 'old-access',
    })
  })

  it('keeps a re-authorization: the refresh result does not replace its tokens', async () => {
    const { auth, clock, store } = await dueForRefresh()
    const again = authorizationNotify(1, 'n-again', { ...tokenPair('again'), auth_time: clock.now })
    notifyDuringRefresh(auth, again, REFRESHED)
    expect(await auth.getToken(MERCHANT)).toBe(tokenPair('again').app_auth_token)
    expect((await store.get(MERCHANT))?.appAuthToken).toBe(tokenPair('again').app_auth_token)
  })

  it('keeps a re-authorization when Alipay rejects the old refresh token it replaced', async () => {
    const { auth, clock, store } = await dueForRefresh()
    const again = authorizationNotify(1, 'n-again', { ...tokenPair('again'), auth_time: clock.now })
    notifyDuringRefresh(auth, again, {
      error: { code: '40002', subCode: 'isv.refresh-token-invalid' },
    })
    expect(await auth.getToken(MERCHANT)).toBe(tokenPair('again').app_auth_token)
    expect((await store.get(MERCHANT))?.status).toBe('active')
  })
})
