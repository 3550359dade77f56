import { describe, expect, it } from 'vitest'
import type { AppAuthEvents } from '../../src/auth/events.js'
import {
  AlipayApiError,
  AlipayReauthorizationRequiredError,
  AlipayTokenRenewedError,
} from '../../src/errors.js'
import { type Answer, type BusinessCall, useMockAlipay } from '../mocks.js'
import { onlySpan, spanTree, useInMemoryTelemetry } from '../support/otel.js'
import { MERCHANT, storedMerchant, USER } from './event-recorder.js'
import { createAppAuth } from './setup.js'

const { alipay } = useMockAlipay()
const otel = useInMemoryTelemetry()
const OLD_TOKEN = '202501BBold-access'
/** The token the mock issues on the first refresh. */
const NEW_TOKEN = '202501BBr1access'
const TRADE = { trade_no: '2025010122001', trade_status: 'TRADE_SUCCESS' }

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )

async function merchantAuth() {
  const setup = createAppAuth()
  await setup.store.set(storedMerchant(setup.clock.now))
  return setup
}

const refused = (subCode: string, code = '20001'): Answer => ({
  error: { code, subCode, subMsg: 'Insufficient Token Permissions', httpStatus: 401 },
})

/**
 * Alipay as it behaves once the merchant's token has timed out: the old token is refused (by the
 * business API with `subCode`, and by the token query), the refreshed one answers.
 */
function oldTokenRefused(
  subCode = 'aop.app-auth-token-time-out',
  v3Code = 'app-auth-token-time-out',
) {
  alipay.queryAnswer = (token) =>
    token === OLD_TOKEN
      ? refused(subCode)
      : {
          fields: { user_id: USER, auth_app_id: MERCHANT, expires_in: '31536000', status: 'valid' },
        }
  alipay.businessAnswer = ({ appAuthToken, method }: BusinessCall) => {
    if (appAuthToken !== OLD_TOKEN) return { fields: TRADE }
    return method.includes(' ') ? refused(v3Code, v3Code) : refused(subCode)
  }
}

const businessCalls = () => alipay.calls.filter((call) => call.method.includes('trade'))

describe('auth.exec', () => {
  it('sends the merchant token as the signed app_auth_token parameter and resolves with the node', async () => {
    alipay.businessAnswer = () => ({ fields: TRADE })
    const { auth } = await merchantAuth()
    const node = await auth.exec(MERCHANT, 'alipay.trade.query', { out_trade_no: 'T1' })
    expect(node).toMatchObject({ code: '10000', ...TRADE })
    const [call] = businessCalls()
    expect(call?.appAuthToken).toBe(OLD_TOKEN)
    expect(call?.grant).toEqual({ out_trade_no: 'T1' })
  })

  it('rejects a business failure with AlipayApiError carrying code, subCode, subMsg and the node', async () => {
    alipay.businessAnswer = () => ({
      error: { code: '40004', subCode: 'ACQ.TRADE_NOT_EXIST', subMsg: '交易不存在' },
    })
    const { auth } = await merchantAuth()
    const error = await failure(auth.exec(MERCHANT, 'alipay.trade.query', { out_trade_no: 'T1' }))
    expect(error).toBeInstanceOf(AlipayApiError)
    expect(error).toMatchObject({
      code: '40004',
      subCode: 'ACQ.TRADE_NOT_EXIST',
      subMsg: '交易不存在',
      response: { code: '40004', sub_code: 'ACQ.TRADE_NOT_EXIST', sub_msg: '交易不存在' },
    })
    expect(alipay.count('refresh_token')).toBe(0)
  })

  it('renews a timed-out token and repeats a .query call once with the new token', async () => {
    oldTokenRefused()
    const { auth, store } = await merchantAuth()
    expect(await auth.exec(MERCHANT, 'alipay.trade.query', {})).toMatchObject(TRADE)
    expect(businessCalls().map((call) => call.appAuthToken)).toEqual([OLD_TOKEN, NEW_TOKEN])
    expect(alipay.count('refresh_token')).toBe(1)
    expect((await store.get(MERCHANT))?.appAuthToken).toBe(NEW_TOKEN)
  })

  it('is one span holding the refused call, the renewal (query, refresh, query) and the repeated call', async () => {
    oldTokenRefused()
    const { auth } = await merchantAuth()
    await otel.inRequest('GET /orders/T1', () => auth.exec(MERCHANT, 'alipay.trade.query', {}))

    expect(spanTree(otel.spans())).toBe(
      [
        'GET /orders/T1 (server)',
        '  alipay.exec (internal)',
        '    alipay.trade.query (client)',
        '    alipay.open.auth.token.app.query (client)',
        '    alipay.open.auth.token.app (client)',
        '    alipay.open.auth.token.app.query (client)',
        '    alipay.trade.query (client)',
      ].join('\n'),
    )
    expect(onlySpan(otel.spans(), 'alipay.exec').attributes).toEqual({
      'alipay.api': 'alipay.trade.query',
      'alipay.auth_app_id': MERCHANT,
      'alipay.repeated': true,
    })
    const [refused, repeated] = otel.spans().filter((span) => span.name === 'alipay.trade.query')
    expect(refused?.attributes).toMatchObject({
      'alipay.auth_app_id': MERCHANT,
      'alipay.sub_code': 'aop.app-auth-token-time-out',
    })
    expect(repeated?.attributes).toMatchObject({
      'alipay.auth_app_id': MERCHANT,
      'http.response.status_code': 200,
    })
  })

  it('renews an invalid token the same way', async () => {
    oldTokenRefused('aop.invalid-app-auth-token')
    const { auth } = await merchantAuth()
    expect(await auth.exec(MERCHANT, 'alipay.trade.query', {})).toMatchObject(TRADE)
    expect(alipay.count('refresh_token')).toBe(1)
  })

  it('shares one renewal among 100 concurrent calls meeting the same refused token', async () => {
    oldTokenRefused()
    const { auth } = await merchantAuth()
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, n) =>
        auth.exec(MERCHANT, 'alipay.trade.query', { out_trade_no: `T${n}` }),
      ),
    )
    expect(answers.every((node) => node.trade_no === TRADE.trade_no)).toBe(true)
    expect(alipay.count('refresh_token')).toBe(1)
    expect((await auth.health()).apiCalls).toEqual({
      succeeded: 100,
      failed: 100,
      tokenRenewals: 1,
    })
    // One check of the refused token with Alipay, not one per caller.
    const checks = alipay.calls.filter((call) => call.method.endsWith('token.app.query'))
    const refusedChecks = checks.filter((call) => call.params.biz_content?.includes(OLD_TOKEN))
    expect(refusedChecks).toHaveLength(1)
  })

  it('renews but does not repeat a call that is not idempotent, and says so', async () => {
    oldTokenRefused()
    const { auth, store } = await merchantAuth()
    const error = await failure(auth.exec(MERCHANT, 'alipay.trade.create', { out_trade_no: 'T1' }))
    expect(error).toBeInstanceOf(AlipayTokenRenewedError)
    expect(error).toMatchObject({
      code: 'ALIPAY_TOKEN_RENEWED',
      subCode: 'aop.app-auth-token-time-out',
      authAppId: MERCHANT,
      operation: 'alipay.trade.create',
    })
    expect((error as Error).message).toMatch(/renewed; the call was not repeated/)
    expect((error as Error).message).toMatch(/same out_trade_no/)
    expect(businessCalls()).toHaveLength(1)
    expect((await store.get(MERCHANT))?.appAuthToken).toBe(NEW_TOKEN)
  })

  it('repeats any call marked idempotent', async () => {
    oldTokenRefused()
    const { auth } = await merchantAuth()
    const options = { idempotent: true }
    expect(await auth.exec(MERCHANT, 'alipay.trade.create', {}, options)).toMatchObject(TRADE)
    expect(businessCalls()).toHaveLength(2)
  })

  it('does not repeat a .query call marked not idempotent', async () => {
    oldTokenRefused()
    const { auth } = await merchantAuth()
    const options = { idempotent: false }
    const error = await failure(auth.exec(MERCHANT, 'alipay.trade.query', {}, options))
    expect(error).toBeInstanceOf(AlipayTokenRenewedError)
    expect(businessCalls()).toHaveLength(1)
  })

  it('rejects an API the merchant did not grant, keeping the merchant active', async () => {
    alipay.businessAnswer = () => refused('aop.invalid-app-auth-token-no-api')
    const { auth, store } = await merchantAuth()
    const error = await failure(auth.exec(MERCHANT, 'alipay.trade.refund', {}))
    expect(error).toBeInstanceOf(AlipayReauthorizationRequiredError)
    expect(error).toMatchObject({ reason: 'api-not-granted', authAppId: MERCHANT })
    expect((error as Error).message).toContain('alipay.trade.refund')
    expect((error as Error).cause).toBeInstanceOf(AlipayApiError)
    expect((await store.get(MERCHANT))?.status).toBe('active')
    expect(alipay.count('refresh_token')).toBe(0)
  })

  it('marks the merchant when its refresh token is refused too', async () => {
    oldTokenRefused()
    alipay.tokenAnswer = () => ({ error: { code: '40002', subCode: 'isv.refresh-token-invalid' } })
    const { auth, store } = await merchantAuth()
    const error = await failure(auth.exec(MERCHANT, 'alipay.trade.query', {}))
    expect(error).toMatchObject({ reason: 'refresh-token-dead' })
    expect((await store.get(MERCHANT))?.status).toBe('needs-reauthorization')
  })

  it('rejects with the refusal when Alipay still accepts the token when asked, without refreshing', async () => {
    alipay.businessAnswer = () => refused('aop.invalid-app-auth-token')
    const { auth } = await merchantAuth()
    const error = await failure(auth.exec(MERCHANT, 'alipay.trade.query', {}))
    expect(error).toMatchObject({ subCode: 'aop.invalid-app-auth-token' })
    expect(alipay.count('refresh_token')).toBe(0)
    expect(businessCalls()).toHaveLength(1)
  })
})

describe('auth.curl', () => {
  it('sends the token in alipay-app-auth-token and resolves with status, body and trace id', async () => {
    alipay.businessAnswer = () => ({ fields: TRADE })
    const { auth } = await merchantAuth()
    const answer = await auth.curl(MERCHANT, 'GET', '/v3/alipay/trade/query', {
      query: { out_trade_no: 'T1' },
    })
    expect(answer).toEqual({ status: 200, body: TRADE, traceId: 'trace-1' })
    expect(businessCalls()[0]?.appAuthToken).toBe(OLD_TOKEN)
  })

  it('renews a refused token and repeats a GET', async () => {
    oldTokenRefused()
    const { auth } = await merchantAuth()
    const answer = await auth.curl(MERCHANT, 'GET', '/v3/alipay/trade/query')
    expect(answer.body).toEqual(TRADE)
    expect(businessCalls().map((call) => call.appAuthToken)).toEqual([OLD_TOKEN, NEW_TOKEN])
  })

  it('does not repeat a POST', async () => {
    oldTokenRefused()
    const { auth } = await merchantAuth()
    const error = await failure(
      auth.curl(MERCHANT, 'POST', '/v3/alipay/trade/create', { body: { out_trade_no: 'T1' } }),
    )
    expect(error).toBeInstanceOf(AlipayTokenRenewedError)
    expect(error).toMatchObject({ operation: 'POST /v3/alipay/trade/create' })
    expect(businessCalls()).toHaveLength(1)
  })

  it('rejects an API not granted with reason api-not-granted', async () => {
    alipay.businessAnswer = () =>
      refused('invalid-app-auth-token-no-api', 'invalid-app-auth-token-no-api')
    const { auth } = await merchantAuth()
    const error = await failure(
      auth.curl(MERCHANT, 'POST', '/v3/alipay/trade/refund', { body: {} }),
    )
    expect(error).toMatchObject({ reason: 'api-not-granted' })
    expect((error as Error).message).toContain('POST /v3/alipay/trade/refund')
  })
})

describe('auth.withToken', () => {
  it('recovers any call whose error names the refusal in code, as other SDKs do', async () => {
    oldTokenRefused()
    const { auth } = await merchantAuth()
    const seen: string[] = []
    const answer = await auth.withToken(
      MERCHANT,
      async (token) => {
        seen.push(token)
        if (token === OLD_TOKEN)
          throw Object.assign(new Error('refused'), { code: 'app-auth-token-time-out' })
        return 'done'
      },
      { operation: 'my.api', idempotent: true },
    )
    expect(answer).toBe('done')
    expect(seen).toEqual([OLD_TOKEN, NEW_TOKEN])
  })
})

describe('apiCall event and health()', () => {
  it('reports every request sent, never with the token, and health() counts them', async () => {
    oldTokenRefused()
    const { auth } = await merchantAuth()
    const seen: Array<AppAuthEvents['apiCall']> = []
    auth.on('apiCall', (payload) => seen.push(payload))
    await auth.exec(MERCHANT, 'alipay.trade.query', {})
    expect(seen).toMatchObject([
      {
        authAppId: MERCHANT,
        method: 'alipay.trade.query',
        ok: false,
        code: '20001',
        subCode: 'aop.app-auth-token-time-out',
      },
      { authAppId: MERCHANT, method: 'alipay.trade.query', ok: true },
    ])
    for (const payload of seen) expect(payload.durationMs).toBeGreaterThanOrEqual(0)
    expect(JSON.stringify(seen)).not.toMatch(/202501BB/)
    expect((await auth.health()).apiCalls).toEqual({ succeeded: 1, failed: 1, tokenRenewals: 1 })
  })
})
