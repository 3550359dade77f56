import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { AlipayClient } from '../../src/client/alipay-client.js'
import { MERCHANT, storeDueMerchant } from '../auth/event-recorder.js'
import { createAppAuth } from '../auth/setup.js'
import { APP_ID, clientOptions, GATEWAY, useMockAlipay } from '../mocks.js'
import { onlySpan, spanTree, useInMemoryTelemetry } from '../support/otel.js'

const { alipay, server } = useMockAlipay()
const otel = useInMemoryTelemetry()

describe('every call to Alipay is a CLIENT span named after its API', () => {
  it('a code exchange is a child of the active span, naming the app and the merchant answered', async () => {
    const { auth } = createAppAuth()
    await otel.inRequest('GET /alipay/callback', () => auth.exchangeCode('code-1'))

    expect(spanTree(otel.spans())).toBe(
      ['GET /alipay/callback (server)', '  alipay.open.auth.token.app (client)'].join('\n'),
    )
    const exchange = onlySpan(otel.spans(), 'alipay.open.auth.token.app')
    expect(exchange.kind).toBe(SpanKind.CLIENT)
    expect(exchange.attributes).toMatchObject({
      'alipay.app_id': APP_ID,
      'alipay.auth_app_id': MERCHANT,
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'server.address': new URL(GATEWAY).hostname,
    })
    expect(exchange.status.code).toBe(SpanStatusCode.UNSET)
  })

  it('v3 calls are named by method and path, and carry Alipay’s trace id', async () => {
    const { auth, clock, store } = createAppAuth({ api: 'v3', minRefreshIntervalMs: 0 })
    await storeDueMerchant(store, clock.now)
    await auth.refresh(MERCHANT)
    await auth.query(MERCHANT)

    const refresh = onlySpan(otel.spans(), 'POST /v3/alipay/open/auth/token/app')
    const query = onlySpan(otel.spans(), 'GET /v3/alipay/open/auth/token/app/query')
    for (const span of [refresh, query]) {
      expect(span.attributes).toMatchObject({
        'alipay.app_id': APP_ID,
        'alipay.auth_app_id': MERCHANT,
        'alipay.trace_id': 'trace-1',
        'http.request.method': span === refresh ? 'POST' : 'GET',
        'http.response.status_code': 200,
      })
    }
  })

  it('a refusal has status error with Alipay’s code and sub_code, and names the merchant asked about', async () => {
    const { auth, clock, store } = createAppAuth({ minRefreshIntervalMs: 0 })
    await storeDueMerchant(store, clock.now)
    alipay.tokenAnswer = () => ({ error: { code: '40004', subCode: 'isv.refresh-token-invalid' } })
    await expect(auth.refresh(MERCHANT)).rejects.toThrow()

    const refresh = onlySpan(otel.spans(), 'alipay.open.auth.token.app')
    expect(refresh.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'AlipayApiError 40004 isv.refresh-token-invalid',
    })
    expect(refresh.attributes).toMatchObject({
      'alipay.auth_app_id': MERCHANT,
      'alipay.code': '40004',
      'alipay.sub_code': 'isv.refresh-token-invalid',
      'error.type': 'isv.refresh-token-invalid',
      'http.response.status_code': 200,
    })
  })

  it('a v3 refusal carries its HTTP status and trace id', async () => {
    const client = new AlipayClient(clientOptions({ api: 'v3' }))
    alipay.queryAnswer = () => ({ error: { code: 'AUTH_TOKEN_INVALID', httpStatus: 401 } })
    await expect(client.queryToken('202501BBsome-token', { authAppId: MERCHANT })).rejects.toThrow()

    const query = onlySpan(otel.spans(), 'GET /v3/alipay/open/auth/token/app/query')
    expect(query.status.code).toBe(SpanStatusCode.ERROR)
    expect(query.attributes).toMatchObject({
      'alipay.auth_app_id': MERCHANT,
      'alipay.code': 'AUTH_TOKEN_INVALID',
      'alipay.trace_id': 'trace-1',
      'http.response.status_code': 401,
    })
  })

  it('retries are events of the one span of the call', async () => {
    let failures = 1
    server.use(
      http.post(GATEWAY, () => {
        if (failures-- <= 0) return undefined
        return HttpResponse.text('Bad Gateway', { status: 502 })
      }),
    )
    const client = new AlipayClient(clientOptions())
    await client.refreshToken('202501BBrefresh', { authAppId: MERCHANT })

    const refresh = onlySpan(otel.spans(), 'alipay.open.auth.token.app')
    expect(refresh.status.code).toBe(SpanStatusCode.UNSET)
    expect(refresh.events.map(({ name, attributes }) => ({ name, attributes }))).toEqual([
      {
        name: 'alipay.retry',
        attributes: {
          'alipay.retry': 1,
          'alipay.retry.delay_ms': 100,
          'error.type': 'AlipayResponseError',
        },
      },
    ])
  })

  it('a business call through execute names the merchant it is made for', async () => {
    server.use(
      http.post(GATEWAY, () =>
        HttpResponse.text(
          '{"alipay_trade_query_response":{"code":"20001","msg":"Invalid Auth Token","sub_code":"aop.invalid-app-auth-token"}}',
        ),
      ),
    )
    const client = new AlipayClient(clientOptions())
    const call = client.execute(
      'alipay.trade.query',
      { out_trade_no: 'order-1' },
      { appAuthToken: '202501BBaccess', authAppId: MERCHANT },
    )
    await expect(call).rejects.toThrow()

    const trade = onlySpan(otel.spans(), 'alipay.trade.query')
    expect(trade.kind).toBe(SpanKind.CLIENT)
    expect(trade.attributes).toMatchObject({
      'alipay.auth_app_id': MERCHANT,
      'alipay.code': '20001',
      'alipay.sub_code': 'aop.invalid-app-auth-token',
    })
  })
})
