import { describe, expect, it, vi } from 'vitest'
import { completeCallback } from '../../src/adapter/callback-route.js'
import type { AlipayRouteError } from '../../src/adapter/route-error.js'
import { routeErrorFor } from '../../src/adapter/route-error-for.js'
import { renderRouteErrorPage } from '../../src/adapter/route-error-page.js'
import { AlipayRateLimitedError } from '../../src/errors.js'
import { MemoryStore } from '../../src/stores/memory-store.js'
import type { AuthorizationState, StateStore } from '../../src/stores/types.js'
import { tokenFields, useMockAlipay } from '../mocks.js'
import { createAppAuth } from './setup.js'

const { alipay } = useMockAlipay()
const QR_PATH = '/alipay/authorize/qr'
const reason = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )

/** Starts a QR authorization and builds the callback Alipay sends the phone to. */
async function startQrFlow(auth: ReturnType<typeof createAppAuth>['auth'], code = 'code-1') {
  const qr = await auth.startQrAuthorization({ path: QR_PATH })
  const query = {
    app_id: auth.appId,
    source: 'alipay_app_auth',
    app_auth_code: code,
    state: qr.state,
  }
  return { qr, query }
}

describe('AppAuth QR authorization', () => {
  it('builds the link and status URL on the redirect URI origin, from the route path and the state', async () => {
    const { auth, clock } = createAppAuth()
    const qr = await auth.startQrAuthorization({ path: QR_PATH })
    expect(qr.url).toBe(`https://isv.example${QR_PATH}/${qr.state}`)
    expect(qr.statusUrl).toBe(`${qr.url}/status`)
    expect(qr.expiresAt).toBe(clock.now + 10 * 60_000)
    expect(qr.qrSvg).toMatch(/^<svg /)
    expect(qr.browserBinding).toMatch(/^[\w-]{32}$/)
  })

  it('keeps the browser binding it is given, so one browser’s QR tabs share its cookie', async () => {
    const { auth } = createAppAuth()
    const qr = await auth.startQrAuthorization({ path: QR_PATH, browserBindings: ['binding-1'] })
    expect(qr.browserBinding).toBe('binding-1')
    expect(await auth.qrStatus(qr.state, 'binding-1')).toMatchObject({ status: 'pending' })
  })

  it('starts at most qrStartsPerMinute per instance, refusing the rest before anything is written', async () => {
    const { auth, clock, store } = createAppAuth({ qrStartsPerMinute: 2 })
    const puts = vi.spyOn(store, 'put')
    await auth.startQrAuthorization({ path: QR_PATH, context: { tenant: 'a' } })
    await auth.startQrAuthorization({ path: QR_PATH, context: { tenant: 'b' } })
    expect(puts).toHaveBeenCalledTimes(2) // each new context is kept for its callback
    const refused = await reason(auth.startQrAuthorization({ path: QR_PATH, context: { c: 1 } }))
    expect(refused).toBeInstanceOf(AlipayRateLimitedError)
    expect(refused).toMatchObject({ retryAfterMs: 30_000, limit: 'qrStartsPerMinute' })
    expect(puts).toHaveBeenCalledTimes(2)
    clock.advance(30_000)
    await expect(auth.startQrAuthorization({ path: QR_PATH })).resolves.toHaveProperty('state')
  })

  it('refuses a route path that is not a path, naming what it got', async () => {
    const { auth } = createAppAuth()
    await expect(auth.startQrAuthorization({ path: 'authorize/qr' })).rejects.toThrow(
      /must start with "\/".*"authorize\/qr"/,
    )
  })

  it('leads the link to the consent page with the state, as often as it is opened, until the callback', async () => {
    const { auth } = createAppAuth()
    const { qr, query } = await startQrFlow(auth)
    for (let opened = 0; opened < 3; opened++) {
      const consent = new URL((await auth.qrConsentUrl(qr.state)) ?? '')
      expect(consent.searchParams.get('state')).toBe(qr.state)
      expect(consent.searchParams.get('redirect_uri')).toBe('https://isv.example/alipay/callback')
    }
    await auth.handleCallback(query, undefined)
    expect(await auth.qrConsentUrl(qr.state)).toBeUndefined()
  })

  it('gives no consent URL for a browser state, an unknown state or a status record key', async () => {
    const { auth } = createAppAuth()
    const { state } = await auth.authorizeUrl()
    const { qr } = await startQrFlow(auth)
    for (const candidate of [state, 'A'.repeat(32), `qr:${qr.state}`]) {
      expect(await auth.qrConsentUrl(candidate)).toBeUndefined()
    }
  })

  it('accepts the callback without a browser binding, stores via qr with the context, and reports the merchants to the starter', async () => {
    alipay.tokenAnswer = () => ({ fields: { tokens: [tokenFields(1), tokenFields(2)] } })
    const { auth, store } = createAppAuth()
    const qr = await auth.startQrAuthorization({ path: QR_PATH, context: { tenant: 't-42' } })
    const query = {
      app_id: auth.appId,
      source: 'alipay_app_auth',
      app_auth_code: 'c',
      state: qr.state,
    }
    const { merchants } = await auth.handleCallback(query, undefined)
    expect(merchants.map(({ via, context }) => ({ via, context }))).toEqual([
      { via: 'qr', context: { tenant: 't-42' } },
      { via: 'qr', context: { tenant: 't-42' } },
    ])
    expect((await store.get('2021000000000002'))?.via).toBe('qr')
    expect(await auth.qrStatus(qr.state, qr.browserBinding)).toEqual({
      status: 'authorized',
      merchants: [
        { authAppId: '2021000000000001', userId: '2088000000000001' },
        { authAppId: '2021000000000002', userId: '2088000000000002' },
      ],
      expiresAt: qr.expiresAt,
    })
  })

  it('answers the status to the starting browser only', async () => {
    const { auth } = createAppAuth()
    const { qr } = await startQrFlow(auth)
    expect(await auth.qrStatus(qr.state, undefined)).toBeUndefined()
    expect(await auth.qrStatus(qr.state, `${qr.browserBinding}x`)).toBeUndefined()
    expect(await auth.qrStatus('A'.repeat(32), qr.browserBinding)).toBeUndefined()
    expect(await auth.qrStatus(qr.state, qr.browserBinding)).toMatchObject({ status: 'pending' })
  })

  it('reports expired once the state expires, and forgets the status a state lifetime later', async () => {
    const { auth, clock } = createAppAuth()
    const { qr, query } = await startQrFlow(auth)
    clock.advance(10 * 60_000 - 1)
    expect(await auth.qrStatus(qr.state, qr.browserBinding)).toMatchObject({ status: 'pending' })
    clock.advance(1)
    expect(await auth.qrStatus(qr.state, qr.browserBinding)).toMatchObject({ status: 'expired' })
    expect(await auth.qrConsentUrl(qr.state)).toBeUndefined()
    expect(await reason(auth.handleCallback(query, undefined))).toMatchObject({
      reason: 'unknown-or-expired-state',
    })
    expect(await auth.qrStatus(qr.state, qr.browserBinding)).toMatchObject({ status: 'expired' })
    clock.advance(10 * 60_000)
    expect(await auth.qrStatus(qr.state, qr.browserBinding)).toBeUndefined()
    expect(alipay.count()).toBe(0)
  })

  it('records a failed exchange with its stable code and message, and stores nothing', async () => {
    alipay.tokenAnswer = () => ({ error: { code: '40004', subCode: 'isv.code-invalid' } })
    const { auth, store } = createAppAuth()
    const { qr, query } = await startQrFlow(auth)
    expect(await reason(auth.handleCallback(query, undefined))).toMatchObject({
      name: 'AlipayApiError',
    })
    const status = await auth.qrStatus(qr.state, qr.browserBinding)
    expect(status).toMatchObject({
      status: 'failed',
      merchants: [],
      error: { code: 'ALIPAY_CODE_INVALID' },
    })
    expect(status?.error?.message).toMatch(/already used or has expired/)
    expect(await store.list()).toEqual([])
  })

  it('sends the phone back to the computer, which shows the failure, not to the authorize route', async () => {
    alipay.tokenAnswer = () => ({ error: { code: '40004', subCode: 'isv.code-invalid' } })
    const { auth } = createAppAuth()
    const { query } = await startQrFlow(auth)
    const failure = (await reason(
      completeCallback(auth, query, [], { invites: false, authorizePath: '/alipay/authorize' }),
    )) as AlipayRouteError
    expect(failure).toMatchObject({ code: 'ALIPAY_CODE_INVALID' })
    expect(failure.authorizePath).toBeUndefined()
    expect(failure.message).toMatch(/look back at the computer/i)
    expect(failure.message).not.toContain('/alipay/authorize')
    const page = renderRouteErrorPage(failure)
    expect(page).not.toContain('Start the authorization again')
    expect(page).not.toContain('href="/alipay/authorize"')
  })

  it('answers the callback’s own error when the store cannot record the failure', async () => {
    alipay.tokenAnswer = () => ({ error: { code: '40004', subCode: 'isv.code-invalid' } })
    const states = new MemoryStore()
    let recording = true
    const failingOutcomes: StateStore = Object.assign(Object.create(states), {
      put: (key: string, value: AuthorizationState, ttlMs: number) =>
        recording || !key.startsWith('qr:')
          ? states.put(key, value, ttlMs)
          : Promise.reject(new Error('store down')),
    })
    const { auth } = createAppAuth({ stateStore: failingOutcomes })
    const { qr, query } = await startQrFlow(auth)
    recording = false
    const error = await reason(
      completeCallback(auth, query, [], { invites: false, authorizePath: '/a' }),
    )
    expect(error).toMatchObject({ code: 'ALIPAY_CODE_INVALID', cause: { name: 'AlipayApiError' } })
    expect(await auth.qrStatus(qr.state, qr.browserBinding)).toMatchObject({ status: 'pending' })
    // The computer does not show this failure: the phone keeps the way to start again.
    expect((error as AlipayRouteError).authorizePath).toBe('/a')
  })

  it('refuses a callback that names a status record as its state', async () => {
    const { auth } = createAppAuth()
    const { qr, query } = await startQrFlow(auth)
    const forged = { ...query, state: `qr:${qr.state}` }
    expect(await reason(auth.handleCallback(forged, qr.browserBinding))).toMatchObject({
      reason: 'unknown-or-expired-state',
    })
    expect(await auth.qrStatus(qr.state, qr.browserBinding)).toMatchObject({ status: 'pending' })
    expect(alipay.count()).toBe(0)
  })

  it('keeps the outcome of a replayed callback: no second exchange, still authorized', async () => {
    const { auth } = createAppAuth()
    const { qr, query } = await startQrFlow(auth)
    await auth.handleCallback(query, undefined)
    expect(await reason(auth.handleCallback(query, undefined))).toBeInstanceOf(Error)
    expect(alipay.count('authorization_code')).toBe(1)
    expect(await auth.qrStatus(qr.state, qr.browserBinding)).toMatchObject({ status: 'authorized' })
  })

  it('tells a second phone on one QR code that the other finished, without exchanging or holding its code', async () => {
    const { auth } = createAppAuth()
    const exchanged: string[] = []
    const issue = alipay.tokenAnswer
    alipay.tokenAnswer = (grant) => {
      exchanged.push(String(grant.code))
      return issue(grant)
    }
    const { qr, query } = await startQrFlow(auth, 'code-phone-1')
    const second = { ...query, app_auth_code: 'code-phone-2' }
    const [first, loser] = await Promise.all([
      auth.handleCallback(query, undefined),
      reason(auth.handleCallback(second, undefined)),
    ])
    expect(first.merchants).toHaveLength(1)
    expect(exchanged).toEqual(['code-phone-1'])
    for (const error of [loser, await reason(auth.handleCallback(second, undefined))]) {
      expect(error).toMatchObject({ name: 'AlipayStateError', reason: 'qr-used-elsewhere' })
      const answer = routeErrorFor(error, { authorizePath: '/alipay/authorize' })
      expect(answer?.code).toBe('ALIPAY_STATE_EXPIRED')
      expect(answer?.pageMessage).toMatch(
        /Another phone already completed.*Look back at the computer/,
      )
    }
    expect((await auth.qrStatus(qr.state, qr.browserBinding))?.status).toBe('authorized')
  })

  it('still requires the binding for a same-browser state', async () => {
    const { auth } = createAppAuth()
    const { state } = await auth.authorizeUrl()
    const query = { app_id: auth.appId, source: 'alipay_app_auth', app_auth_code: 'c', state }
    expect(await reason(auth.handleCallback(query, undefined))).toMatchObject({
      reason: 'browser-mismatch',
    })
  })
})
