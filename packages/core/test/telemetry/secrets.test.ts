import { describe, expect, it } from 'vitest'
import { MERCHANT, storeDueMerchant } from '../auth/event-recorder.js'
import { createAppAuth } from '../auth/setup.js'
import {
  authorizationNotify,
  cancellationNotify,
  KEY_TEXTS,
  notifyBody,
  useMockAlipay,
} from '../mocks.js'
import { useInMemoryTelemetry } from '../support/otel.js'

const { alipay } = useMockAlipay()
const otel = useInMemoryTelemetry()

describe('spans and metrics, safely', () => {
  it('never carry a token, a code, a key, a signature or biz_content', async () => {
    const { auth, clock, store } = createAppAuth({ api: 'v3', minRefreshIntervalMs: 0 })
    await auth.exchangeCode('code-secret-7f3a')
    await storeDueMerchant(store, clock.now)
    await auth.getToken(MERCHANT)
    await auth.query(MERCHANT)
    alipay.businessAnswer = () => ({ error: { code: '40004', subCode: 'ACQ.TRADE_NOT_EXIST' } })
    await auth
      .exec(MERCHANT, 'alipay.trade.query', { out_trade_no: 'order-secret-91' })
      .catch(() => {})
    const body = { out_trade_no: 'order-secret-92' }
    await auth.curl(MERCHANT, 'POST', '/v3/alipay/trade/query', { body }).catch(() => {})
    const authorization = authorizationNotify(2, 'n-auth')
    await auth.handleNotify(authorization)
    await auth.handleNotify(notifyBody({ notify_id: 'n-forged' }, { signing: 'forged' }))
    // A forged v2 answer: its signature check fails, and the error quotes the content it verified.
    const v2 = createAppAuth({ store, clock, minRefreshIntervalMs: 0 }).auth
    alipay.signing = 'forged'
    await v2.refresh(MERCHANT).catch(() => {})
    alipay.signing = 'valid'
    alipay.tokenAnswer = () => ({ error: { code: 'REFRESH_TOKEN_NOT_VALID' } })
    await auth.refresh(MERCHANT).catch(() => {})
    await auth.handleNotify(cancellationNotify({ auth_app_id: MERCHANT }, 'n-cancel'))

    const spans = otel.spans()
    const token = 'POST /v3/alipay/open/auth/token/app'
    const query = 'GET /v3/alipay/open/auth/token/app/query'
    expect(spans.map((span) => span.name)).toEqual([
      token, // the exchange
      token, // getToken's refresh
      query,
      'alipay.trade.query',
      'alipay.exec',
      'POST /v3/alipay/trade/query',
      'alipay.curl',
      'alipay.notify',
      'alipay.notify',
      'alipay.open.auth.token.app', // answered with a forged signature
      token, // refused
      'alipay.notify',
    ])
    const text = JSON.stringify({
      spans: spans.map(({ name, attributes, events, status, links }) => ({
        name,
        attributes,
        events,
        status,
        links,
      })),
      metrics: await otel.metrics(),
    })
    const notifyParams = new URLSearchParams(authorization)
    const secrets = [
      // Every token the mock issues or stores, and every token in its notifications.
      '202501BB',
      'code-secret-7f3a',
      ...KEY_TEXTS,
      notifyParams.get('sign')?.slice(0, 40),
      notifyParams.get('biz_content')?.slice(0, 40),
      'order-secret-91',
      'order-secret-92',
    ]
    for (const secret of secrets) {
      expect(secret).toBeTruthy()
      expect(text).not.toContain(secret)
    }
  })
})
