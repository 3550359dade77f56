import { describe, expect, it } from 'vitest'
import {
  authorizationNotify,
  cancellationNotify,
  notifyBody,
  tokenFields,
  useMockAlipay,
} from '../mocks.js'
import { MERCHANT, recordEvents, storeDueMerchant, USER } from './event-recorder.js'
import { createAppAuth } from './setup.js'

const { alipay } = useMockAlipay()
describe('AppAuth events', () => {
  it('reports each exchanged merchant app with its ids and Alipay’s trace id', async () => {
    alipay.tokenAnswer = () => ({ fields: { tokens: [tokenFields(1), tokenFields(2)] } })
    const { auth } = createAppAuth({ api: 'v3' })
    const seen = recordEvents(auth)
    await auth.exchangeCode('code-1')
    expect(seen).toEqual([
      {
        event: 'codeExchanged',
        payload: { authAppId: MERCHANT, userId: USER, traceId: 'trace-1' },
      },
      {
        event: 'codeExchanged',
        payload: {
          authAppId: tokenFields(2).auth_app_id,
          userId: tokenFields(2).user_id,
          traceId: 'trace-1',
        },
      },
    ])
  })

  it('reports a refresh once, with the new expiry, however many callers shared it', async () => {
    const { auth, clock, store } = createAppAuth()
    await storeDueMerchant(store, clock.now)
    const seen = recordEvents(auth)
    await Promise.all([auth.getToken(MERCHANT), auth.getToken(MERCHANT)])
    expect(seen).toEqual([
      {
        event: 'tokenRefreshed',
        payload: { authAppId: MERCHANT, userId: USER, expiresAt: clock.now + 31536000_000 },
      },
    ])
  })

  it('reports a dead refresh token as a failed refresh and a required re-authorization', async () => {
    alipay.tokenAnswer = () => ({ error: { code: '40002', subCode: 'isv.refresh-token-invalid' } })
    const { auth, clock, store } = createAppAuth()
    await storeDueMerchant(store, clock.now)
    const seen = recordEvents(auth)
    await auth.getToken(MERCHANT).catch(() => {})
    expect(seen.map(({ event }) => event)).toEqual(['refreshFailed', 'reauthorizationRequired'])
    expect(seen[0]?.payload).toMatchObject({
      authAppId: MERCHANT,
      error: { name: 'AlipayApiError', code: '40002', subCode: 'isv.refresh-token-invalid' },
    })
    expect(seen[1]?.payload).toEqual({
      authAppId: MERCHANT,
      userId: USER,
      reason: 'refresh-token-dead',
    })
  })

  it('reports an answer that does not verify as a signature failure of the refresh', async () => {
    alipay.signing = 'forged'
    const { auth, clock, store } = createAppAuth()
    await storeDueMerchant(store, clock.now)
    const seen = recordEvents(auth)
    await auth.refresh(MERCHANT).catch(() => {})
    expect(seen.map(({ event }) => event)).toEqual(['refreshFailed', 'signatureVerificationFailed'])
    expect(seen[1]?.payload).toEqual({
      source: 'response',
      operation: 'refreshToken',
      authAppId: MERCHANT,
    })
  })

  it('gives a signature failure the trace id of the answer that failed, when Alipay sent one', async () => {
    alipay.signing = 'forged'
    const { auth } = createAppAuth({ api: 'v3' })
    const seen = recordEvents(auth)
    await auth.exchangeCode('code-1').catch(() => {})
    expect(seen).toMatchObject([
      {
        event: 'signatureVerificationFailed',
        payload: { source: 'response', operation: 'exchangeCode', traceId: 'trace-1' },
      },
    ])
  })

  it('reports notifications received, cancellations, and rejections', async () => {
    const { auth } = createAppAuth()
    const seen = recordEvents(auth)
    await auth.handleNotify(authorizationNotify(1, 'n-auth'))
    await auth.handleNotify(cancellationNotify({ auth_app_id: MERCHANT }, 'n-cancel'))
    await auth.handleNotify(notifyBody({ notify_id: 'n-forged' }, { signing: 'forged' }))
    expect(seen).toEqual([
      {
        event: 'notificationReceived',
        payload: { kind: 'authorized', notifyId: 'n-auth', authAppId: MERCHANT },
      },
      {
        event: 'reauthorizationRequired',
        payload: { authAppId: MERCHANT, userId: USER, reason: 'cancelled', notifyId: 'n-cancel' },
      },
      {
        event: 'notificationReceived',
        payload: { kind: 'cancelled', notifyId: 'n-cancel', authAppId: MERCHANT },
      },
      {
        event: 'signatureVerificationFailed',
        payload: { source: 'notification', operation: 'notify', notifyId: 'n-forged' },
      },
      {
        event: 'notificationRejected',
        payload: { reason: expect.stringContaining('does not verify'), notifyId: 'n-forged' },
      },
    ])
  })
})
