import { SpanStatusCode } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import { AppAuth } from '../../src/auth/app-auth.js'
import { BackgroundRefresher } from '../../src/auth/background-refresher.js'
import { MemoryStore } from '../../src/stores/memory-store.js'
import { sampleMerchantToken } from '../../src/testing/sample-records.js'
import { clientOptions, manualClock, tokenFields, useMockAlipay } from '../mocks.js'
import { spanTree, useInMemoryTelemetry } from '../support/otel.js'

const { alipay } = useMockAlipay()
const otel = useInMemoryTelemetry()
const DAY = 24 * 60 * 60_000

describe('a background refresh pass', () => {
  it('is a span of its own with one child per merchant, each holding its call to Alipay', async () => {
    const clock = manualClock()
    const store = new MemoryStore({ clock })
    const auth = new AppAuth({
      ...clientOptions({ clock }),
      redirectUri: 'https://isv.example/cb',
      store,
    })
    const merchants = [1, 2].map((n) => String(tokenFields(n).auth_app_id))
    for (const [i, authAppId] of merchants.entries()) {
      await store.set(
        sampleMerchantToken(authAppId, {
          appAuthToken: `old-${i}`,
          appRefreshToken: `refresh-${i}`,
          expiresAt: clock.now + DAY,
        }),
      )
    }
    // The first merchant's refresh token is dead; the second one's refreshes.
    alipay.tokenAnswer = (grant) =>
      grant.refresh_token === 'refresh-0'
        ? { error: { code: '40004', subCode: 'isv.refresh-token-invalid' } }
        : { fields: { tokens: [tokenFields(2)] } }
    await new BackgroundRefresher({ auth, store, clock, random: () => 0 }).sweep()

    expect(spanTree(otel.spans())).toBe(
      [
        'alipay.refresh.sweep (internal)',
        '  alipay.refresh (internal)',
        '    alipay.open.auth.token.app (client)',
        '  alipay.refresh (internal)',
        '    alipay.open.auth.token.app (client)',
      ].join('\n'),
    )
    const perMerchant = otel.spans().filter((span) => span.name === 'alipay.refresh')
    const byMerchant = Object.fromEntries(
      perMerchant.map((span) => [span.attributes['alipay.auth_app_id'], span]),
    )
    expect(byMerchant[merchants[0]!]?.attributes['alipay.refresh.outcome']).toBe(
      'needs-reauthorization',
    )
    expect(byMerchant[merchants[0]!]?.status.code).toBe(SpanStatusCode.ERROR)
    expect(byMerchant[merchants[1]!]?.attributes['alipay.refresh.outcome']).toBe('refreshed')
    expect(byMerchant[merchants[1]!]?.status.code).toBe(SpanStatusCode.UNSET)
  })
})
