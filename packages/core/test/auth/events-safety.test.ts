import { describe, expect, it, vi } from 'vitest'
import {
  authorizationNotify,
  cancellationNotify,
  KEY_TEXTS,
  notifyBody,
  useMockAlipay,
} from '../mocks.js'
import { EVENTS, MERCHANT, recordEvents, storeDueMerchant } from './event-recorder.js'
import { createAppAuth } from './setup.js'

const { alipay } = useMockAlipay()

describe('AppAuth events, safely', () => {
  it('never puts a token, a code or a key into any payload', async () => {
    const { auth, clock, store } = createAppAuth({ api: 'v3', minRefreshIntervalMs: 0 })
    const seen = recordEvents(auth)
    await auth.exchangeCode('code-secret-7f3a', { context: { tenant: 'first' } })
    await auth.exchangeCode('code-secret-8e2b', { context: { tenant: 'second' } }).catch(() => {})
    await storeDueMerchant(store, clock.now)
    await auth.getToken(MERCHANT)
    await auth.handleNotify(authorizationNotify(2, 'n-auth'))
    await auth.handleNotify(notifyBody({ notify_id: 'n-forged' }, { signing: 'forged' }))
    alipay.tokenAnswer = () => ({ error: { code: 'REFRESH_TOKEN_NOT_VALID' } })
    await auth.refresh(MERCHANT).catch(() => {})
    await auth.handleNotify(cancellationNotify({ auth_app_id: MERCHANT }, 'n-cancel'))

    expect(new Set(seen.map(({ event }) => event))).toEqual(new Set(EVENTS))
    const text = JSON.stringify(seen)
    // Every token the mock issues, and every token in its notifications, starts with 202501BB.
    for (const secret of ['202501BB', 'code-secret', ...KEY_TEXTS]) {
      expect(text).not.toContain(secret)
    }
  })

  it('keeps going when a listener throws, and reports it as a process warning', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const { auth } = createAppAuth()
    auth.on('codeExchanged', () => {
      throw new Error('listener bug')
    })
    await expect(auth.exchangeCode('code-1')).resolves.toHaveLength(1)
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('listener bug'),
      'AlipayIsvListenerWarning',
    )
    warn.mockRestore()
  })

  it('reports a listener whose promise rejects as a process warning, never an unhandled rejection', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const { auth } = createAppAuth()
    auth.on('codeExchanged', async () => {
      throw new Error('async listener bug')
    })
    await expect(auth.exchangeCode('code-1')).resolves.toHaveLength(1)
    await new Promise((resolve) => setImmediate(resolve))
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('async listener bug'),
      'AlipayIsvListenerWarning',
    )
    warn.mockRestore()
  })

  it('stops calling a listener once removed', async () => {
    const { auth } = createAppAuth()
    const listener = vi.fn()
    const remove = auth.on('notificationReceived', listener)
    await auth.handleNotify(authorizationNotify(1, 'n-1'))
    remove()
    await auth.handleNotify(authorizationNotify(1, 'n-2'))
    expect(listener).toHaveBeenCalledTimes(1)
  })
})
