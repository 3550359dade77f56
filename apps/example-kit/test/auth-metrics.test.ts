import { AppAuth, MemoryStore, type MerchantToken } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import { describe, expect, it } from 'vitest'
import { AuthMetrics } from '../src/auth-metrics.js'

const now = Date.UTC(2026, 0, 1)

function appAuth(store: MemoryStore, gateway?: typeof fetch): AppAuth {
  return new AppAuth({
    fetch: gateway,
    appId: '2021000000000000',
    privateKey: testKeyPair('app').privateKey,
    alipayPublicKey: testKeyPair('alipay').publicKey,
    redirectUri: 'http://127.0.0.1:3000/alipay/callback',
    store,
    clock: () => now,
  })
}

const merchant: MerchantToken = {
  authAppId: '2021000000000001',
  userId: '2088000000000001',
  appAuthToken: 'access',
  appRefreshToken: 'refresh',
  expiresAt: now + 365 * 86_400_000,
  refreshExpiresAt: now + 372 * 86_400_000,
  authorizedAt: now,
  updatedAt: now,
  status: 'active',
  via: 'browser',
}

describe('AuthMetrics', () => {
  it('counts each AppAuth event from the moment it is created, and reads health when asked', async () => {
    const store = new MemoryStore({ clock: () => now })
    const auth = appAuth(store)
    const metrics = new AuthMetrics(auth)
    await auth.handleNotify('notify_id=n1&sign=forged')
    await store.set(merchant)
    const { events, health } = await metrics.snapshot()
    expect(events).toMatchObject({ codeExchanged: 0, notificationRejected: 1 })
    expect(health).toMatchObject({ merchants: 1, active: 1, cancelled: 0 })
  })

  it('serves counters and merchant gauges as Prometheus text, event and state names in snake case', async () => {
    const store = new MemoryStore({ clock: () => now })
    const auth = appAuth(store)
    const metrics = new AuthMetrics(auth)
    await auth.handleNotify('notify_id=n1&sign=forged')
    await store.set({ ...merchant, status: 'needs-reauthorization' })
    const text = await metrics.prometheusText()
    expect(text).toContain('# TYPE alipay_isv_events_total counter\n')
    expect(text).toContain('alipay_isv_events_total{event="code_exchanged"} 0\n')
    expect(text).toContain('alipay_isv_events_total{event="notification_rejected"} 1\n')
    expect(text).toContain('# TYPE alipay_isv_merchants gauge\n')
    expect(text).toContain('alipay_isv_merchants{state="all"} 1\n')
    expect(text).toContain('alipay_isv_merchants{state="needs_reauthorization"} 1\n')
    expect(text).toContain('alipay_isv_merchants{state="due_for_refresh"} 0\n')
    expect(text.endsWith('\n')).toBe(true)
  })

  it('serves the calls made for merchants, by outcome', async () => {
    const store = new MemoryStore({ clock: () => now })
    const auth = appAuth(store, async () => new Response('busy', { status: 503 }))
    const metrics = new AuthMetrics(auth)
    await store.set(merchant)
    await expect(auth.exec(merchant.authAppId, 'alipay.trade.query', {})).rejects.toThrow(/503/)
    const text = await metrics.prometheusText()
    expect(text).toContain('alipay_isv_api_calls_total{outcome="succeeded"} 0\n')
    expect(text).toContain('alipay_isv_api_calls_total{outcome="failed"} 1\n')
    expect(text).toContain('alipay_isv_token_renewals_total 0\n')
    expect(text).toContain('alipay_isv_events_total{event="api_call"} 1\n')
  })
})
