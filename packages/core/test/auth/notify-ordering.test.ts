import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../../src/stores/memory-store.js'
import type { MerchantToken } from '../../src/stores/types.js'
import {
  AUTH_TIME,
  authorizationNotify,
  cancellationNotify,
  tokenFields,
  tokenPair,
  useMockAlipay,
} from '../mocks.js'
import { createAppAuth } from './setup.js'

useMockAlipay()
const MERCHANT = tokenFields(1).auth_app_id
const HOUR = 60 * 60_000

/** A store whose next `failures` writes fail, as a full disk or a lost Redis connection would. */
class FailingStore extends MemoryStore {
  failures = 0

  override async set(token: MerchantToken): Promise<void> {
    if (this.failures > 0) {
      this.failures--
      throw new Error('store unavailable')
    }
    return super.set(token)
  }
}

/**
 * docs/protocol.md §7: Alipay redelivers for about a day, so notifications may arrive late and
 * twice.
 */
describe('handleNotify when notifications arrive late or twice', () => {
  it('applies Alipay’s retry of a notification whose first delivery could not be stored', async () => {
    const store = new FailingStore()
    const { auth } = createAppAuth({ store })
    store.failures = 1
    await expect(auth.handleNotify(authorizationNotify(1))).rejects.toThrow('store unavailable')
    expect(await auth.handleNotify(authorizationNotify(1))).toMatchObject({ kind: 'authorized' })
    expect((await store.get(MERCHANT))?.appAuthToken).toBe(tokenPair('1').app_auth_token)
  })

  it('does not roll a refreshed token back when the authorization notification is delivered again', async () => {
    const { auth, store } = createAppAuth()
    await auth.handleNotify(authorizationNotify(1))
    const refreshed = await auth.refresh(MERCHANT)
    expect(await auth.handleNotify(authorizationNotify(1))).toMatchObject({ kind: 'duplicate' })
    expect(await store.get(MERCHANT)).toEqual(refreshed)
  })

  it('never lets a notification without auth_time replace an active record', async () => {
    const { auth, clock, store } = createAppAuth()
    await auth.handleNotify(authorizationNotify(1, 'n-first'))
    // Later than AUTH_TIME: the time of arrival must not pass for the authorization's.
    clock.now = AUTH_TIME + 5 * HOUR
    const refreshed = await auth.refresh(MERCHANT)
    const late = authorizationNotify(1, 'n-late', { ...tokenPair('late'), auth_time: undefined })
    expect(await auth.handleNotify(late)).toMatchObject({ kind: 'outdated' })
    expect(await store.get(MERCHANT)).toEqual(refreshed)
  })

  it('stores a notification without auth_time for a merchant with no active record', async () => {
    const { auth, store } = createAppAuth()
    const first = authorizationNotify(1, 'n-first', { auth_time: undefined })
    expect(await auth.handleNotify(first)).toMatchObject({ kind: 'authorized' })
    await auth.handleNotify(cancellationNotify({ auth_app_id: MERCHANT }, 'n-cancel'))
    const again = authorizationNotify(1, 'n-again', { ...tokenPair('again'), auth_time: undefined })
    expect(await auth.handleNotify(again)).toMatchObject({ kind: 'authorized' })
    expect(await store.get(MERCHANT)).toMatchObject({
      status: 'active',
      appAuthToken: tokenPair('again').app_auth_token,
    })
  })

  it('ignores an authorization notification older than the stored authorization', async () => {
    const { auth, store } = createAppAuth()
    const newer = authorizationNotify(1, 'n-newer', {
      ...tokenPair('newer'),
      auth_time: AUTH_TIME + HOUR,
    })
    await auth.handleNotify(newer)
    const outcome = await auth.handleNotify(authorizationNotify(1, 'n-older'))
    expect(outcome).toEqual({ ok: true, kind: 'outdated', authAppId: MERCHANT, body: 'success' })
    expect((await store.get(MERCHANT))?.appAuthToken).toBe(tokenPair('newer').app_auth_token)
  })

  it('ignores a cancellation older than a later re-authorization', async () => {
    const { auth } = createAppAuth()
    await auth.handleNotify(authorizationNotify(1))
    await auth.handleNotify(
      authorizationNotify(1, 'n-again', { ...tokenPair('again'), auth_time: AUTH_TIME + 2 * HOUR }),
    )
    const outcome = await auth.handleNotify(
      cancellationNotify({ auth_app_id: MERCHANT }, 'n-cancel', AUTH_TIME + HOUR),
    )
    expect(outcome).toMatchObject({ ok: true, kind: 'outdated', body: 'success' })
    expect(await auth.getToken(MERCHANT)).toBe(tokenPair('again').app_auth_token)
  })

  it('applies a cancellation stamped in the same second as the authorization', async () => {
    const { auth } = createAppAuth()
    await auth.handleNotify(authorizationNotify(1, 'n-auth', { auth_time: AUTH_TIME + 500 }))
    const outcome = await auth.handleNotify(
      cancellationNotify({ auth_app_id: MERCHANT }, 'n-cancel', AUTH_TIME),
    )
    expect(outcome).toMatchObject({ kind: 'cancelled' })
    await expect(auth.getToken(MERCHANT)).rejects.toMatchObject({ reason: 'cancelled' })
  })

  it('keeps a cancellation when the authorization it cancelled is delivered again', async () => {
    const { auth } = createAppAuth()
    await auth.handleNotify(authorizationNotify(1))
    await auth.handleNotify(cancellationNotify({ auth_app_id: MERCHANT }))
    const outcome = await auth.handleNotify(authorizationNotify(1, 'n-copy'))
    expect(outcome).toMatchObject({ kind: 'outdated' })
    await expect(auth.getToken(MERCHANT)).rejects.toMatchObject({ reason: 'cancelled' })
  })
})
