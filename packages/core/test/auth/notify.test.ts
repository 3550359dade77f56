import { describe, expect, it } from 'vitest'
import {
  AUTH_TIME,
  authorizationNotify,
  cancellationNotify,
  notifyBody,
  tokenFields,
  useMockAlipay,
} from '../mocks.js'
import { createAppAuth } from './setup.js'

useMockAlipay()
const MERCHANT = tokenFields(5).auth_app_id
const YEAR = 365 * 24 * 60 * 60_000

describe('handleNotify', () => {
  it('stores the tokens of an authorization notification, expiring from their receipt on the local clock', async () => {
    const { auth, clock, store } = createAppAuth()
    // Alipay's clock (auth_time) a year ahead of this server's: expiries still count from here.
    clock.now = AUTH_TIME - YEAR
    const outcome = await auth.handleNotify(authorizationNotify(5))
    expect(outcome).toEqual({ ok: true, kind: 'authorized', authAppId: MERCHANT, body: 'success' })
    expect(await store.get(MERCHANT)).toMatchObject({
      appAuthToken: '202501BB5access',
      authorizedAt: AUTH_TIME,
      issuedAt: clock.now,
      expiresAt: clock.now + 31536000_000,
      refreshExpiresAt: clock.now + 32140800_000,
      status: 'active',
    })
  })

  it('lets a forced refresh through a minute after a notification, whatever its auth_time says', async () => {
    const { auth, clock, store } = createAppAuth()
    clock.now = AUTH_TIME - YEAR
    const merchant = tokenFields(1).auth_app_id
    await auth.handleNotify(authorizationNotify(1))
    clock.advance(61_000)
    const refreshed = await auth.refresh(merchant)
    expect(refreshed).toMatchObject({ issuedAt: clock.now, appAuthToken: '202501BBr1access' })
    expect(await store.get(merchant)).toEqual(refreshed)
  })

  it('accepts the body as URLSearchParams or as a parsed record', async () => {
    const { auth } = createAppAuth()
    const params = new URLSearchParams(authorizationNotify(5))
    expect(await auth.handleNotify(params)).toMatchObject({ kind: 'authorized' })
    const record = Object.fromEntries(new URLSearchParams(authorizationNotify(6)))
    expect(await auth.handleNotify(record)).toMatchObject({ kind: 'authorized' })
  })

  it('marks a cancelled merchant app, keyed on auth_app_id', async () => {
    const { auth, store } = createAppAuth()
    await auth.handleNotify(authorizationNotify(5))
    const outcome = await auth.handleNotify(
      cancellationNotify({ auth_app_id: MERCHANT, user_id: '2088x' }),
    )
    expect(outcome).toMatchObject({ ok: true, kind: 'cancelled', authAppId: MERCHANT })
    expect((await store.get(MERCHANT))?.status).toBe('cancelled')
    await expect(auth.getToken(MERCHANT)).rejects.toMatchObject({ reason: 'cancelled' })
  })

  it('falls back to user_id when the cancellation names no auth_app_id', async () => {
    const { auth, store } = createAppAuth()
    await auth.handleNotify(authorizationNotify(5))
    await auth.handleNotify(cancellationNotify({ user_id: tokenFields(5).user_id }))
    expect((await store.get(MERCHANT))?.status).toBe('cancelled')
  })

  it('applies a notification delivered twice only once', async () => {
    const { auth, store } = createAppAuth()
    const body = authorizationNotify(5)
    await auth.handleNotify(body)
    await auth.handleNotify(cancellationNotify({ auth_app_id: MERCHANT }))
    expect(await auth.handleNotify(body)).toEqual({ ok: true, kind: 'duplicate', body: 'success' })
    expect((await store.get(MERCHANT))?.status).toBe('cancelled')
  })

  it('verifies messages that sign sign_type too', async () => {
    const { auth } = createAppAuth()
    const body = notifyBody(
      {
        msg_method: 'alipay.open.auth.appauth.cancelled',
        notify_id: 'n-2',
        biz_content: '{"auth_app_id":"x"}',
      },
      { keepSignType: true },
    )
    expect(await auth.handleNotify(body)).toMatchObject({ ok: true, kind: 'cancelled' })
  })

  it('refuses a forged notification and stores nothing', async () => {
    const { auth, store } = createAppAuth()
    const outcome = await auth.handleNotify(
      notifyBody(
        { notify_type: 'open_app_auth_notify', notify_id: 'n-3', biz_content: '{}' },
        { signing: 'forged' },
      ),
    )
    expect(outcome).toMatchObject({ ok: false, body: 'fail' })
    expect(outcome.ok || outcome.reason).toContain('signature does not verify')
    expect(await store.list()).toEqual([])
  })

  it('refuses a tampered notification: a field changed after signing', async () => {
    const { auth, store } = createAppAuth()
    const body = authorizationNotify(5).replace('202501BB5access', '202501BBevilaccess')
    expect(await auth.handleNotify(body)).toMatchObject({ ok: false })
    expect(await store.list()).toEqual([])
  })

  it('refuses an unsigned notification', async () => {
    const { auth } = createAppAuth()
    const body = notifyBody({ notify_type: 'open_app_auth_notify' }, { signing: 'none' })
    expect(await auth.handleNotify(body)).toMatchObject({ ok: false, body: 'fail' })
  })

  it('refuses a notification for another app', async () => {
    const { auth } = createAppAuth()
    const body = notifyBody({
      app_id: '2021999999999999',
      notify_type: 'open_app_auth_notify',
      biz_content: '{}',
    })
    const outcome = await auth.handleNotify(body)
    expect(outcome).toMatchObject({ ok: false })
    expect(outcome.ok || outcome.reason).toContain('2021999999999999')
  })

  it('acknowledges message types it does not handle', async () => {
    const { auth, store } = createAppAuth()
    const body = notifyBody({
      msg_method: 'alipay.some.other.message',
      notify_id: 'n-4',
      biz_content: '{}',
    })
    expect(await auth.handleNotify(body)).toEqual({ ok: true, kind: 'ignored', body: 'success' })
    expect(await store.list()).toEqual([])
  })

  it('fails an authorization notification whose detail lacks the tokens, without quoting anything secret', async () => {
    const { auth, store } = createAppAuth()
    const body = notifyBody({
      notify_type: 'open_app_auth_notify',
      notify_id: 'n-5',
      biz_content: JSON.stringify({ detail: { auth_app_id: MERCHANT } }),
    })
    const outcome = await auth.handleNotify(body)
    expect(outcome).toMatchObject({ ok: false, body: 'fail' })
    expect(outcome.ok || outcome.reason).toContain('app_auth_token')
    expect(await store.list()).toEqual([])
  })
})
