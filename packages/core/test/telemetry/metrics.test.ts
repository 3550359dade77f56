import { describe, expect, it } from 'vitest'
import { MERCHANT } from '../auth/event-recorder.js'
import { createAppAuth } from '../auth/setup.js'
import { authorizationNotify, notifyBody, useMockAlipay } from '../mocks.js'
import { points, useInMemoryTelemetry } from '../support/otel.js'

const { alipay } = useMockAlipay()
const otel = useInMemoryTelemetry()
const DAY = 24 * 60 * 60_000

// Metrics accumulate over the file, so one test tells the whole story.
describe('metrics, through the same API', () => {
  it('count calls by API and outcome, refresh failures, re-authorizations, token age and notifications', async () => {
    const { auth, clock } = createAppAuth({ minRefreshIntervalMs: 0 })
    await auth.exchangeCode('code-1')
    clock.advance(300 * DAY)
    await auth.refresh(MERCHANT)
    alipay.tokenAnswer = () => ({ error: { code: '40004', subCode: 'isv.refresh-token-invalid' } })
    await expect(auth.refresh(MERCHANT)).rejects.toThrow()
    await auth.handleNotify(authorizationNotify(2))
    await auth.handleNotify(notifyBody({ notify_id: 'n-forged' }, { signing: 'forged' }))

    const all = await otel.metrics()
    const api = 'alipay.open.auth.token.app'
    expect(points(all, 'alipay.client.calls')).toEqual([
      { attributes: { 'alipay.api': api, 'alipay.outcome': 'success' }, value: 2 },
      {
        attributes: {
          'alipay.api': api,
          'alipay.outcome': 'refused',
          'error.type': 'isv.refresh-token-invalid',
        },
        value: 1,
      },
    ])
    const durations = points(all, 'alipay.client.call.duration')
    expect(durations.map(({ value }) => (value as { count: number }).count)).toEqual([2, 1])
    expect(points(all, 'alipay.token.refresh.failures')).toEqual([
      { attributes: { 'error.type': 'isv.refresh-token-invalid' }, value: 1 },
    ])
    expect(points(all, 'alipay.merchant.reauthorization_required')).toEqual([
      { attributes: { 'alipay.reason': 'refresh-token-dead' }, value: 1 },
    ])
    const [age] = points(all, 'alipay.token.age_at_refresh')
    expect(age?.value).toMatchObject({ count: 1, sum: (300 * DAY) / 1000 })
    expect(points(all, 'alipay.notify.handled')).toEqual([
      { attributes: { 'alipay.notify.outcome': 'authorized' }, value: 1 },
      { attributes: { 'alipay.notify.outcome': 'rejected' }, value: 1 },
    ])
  })
})
