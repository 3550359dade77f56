/**
 * Business calls for a merchant (docs/protocol.md §9), written once and run
 * through the engine and each of its servers like `scenarios.ts`.
 */
import { expect } from 'vitest'
import { exchange, type IssuedToken, newApp, QUERY, type Scenario, TOKEN } from './scenarios.js'
import { admin } from './support/admin.js'
import { callV2, callV3, type EmulatorTransport } from './support/alipay-client.js'

const TRADE_QUERY = 'alipay.trade.query'
const TRADE_REFUND = 'alipay.trade.refund'
const V3_TRADE_QUERY = '/v3/alipay/trade/query'
/** The emulator's default refresh grace, seconds. */
const GRACE = 60
/** docs/protocol.md §3: the observed expires_in, seconds. */
const EXPIRES_IN = 31536000

/** A fresh app and a merchant's token for it; `authorize` adds to `POST /__admin/authorize`. */
async function authorized(
  emulator: EmulatorTransport,
  {
    app = {},
    authorize = {},
  }: { app?: Record<string, unknown>; authorize?: Record<string, unknown> } = {},
) {
  const appId = await newApp(emulator, app)
  const { app_auth_code } = await admin(emulator).authorize({ app_id: appId, ...authorize })
  const exchanged = await exchange(emulator, appId, app_auth_code)
  return { appId, token: (exchanged.node.tokens as IssuedToken[])[0]! }
}

/** `alipay.trade.query` over v2, for the merchant whose token is given (none: the ISV's own). */
function tradeQuery(
  emulator: EmulatorTransport,
  appId: string,
  token?: string,
  method = TRADE_QUERY,
) {
  return callV2(emulator, {
    appId,
    method,
    biz: { out_trade_no: 'T1' },
    params: token === undefined ? {} : { app_auth_token: token },
  })
}

function tradeQueryV3(emulator: EmulatorTransport, appId: string, token?: string) {
  return callV3(emulator, {
    appId,
    httpMethod: 'POST',
    pathWithQuery: V3_TRADE_QUERY,
    body: { out_trade_no: 'T1' },
    appAuthToken: token,
  })
}

async function stubTradeQuery(
  emulator: EmulatorTransport,
  appId: string,
  extra: Record<string, unknown> = {},
) {
  await admin(emulator).addStub({
    app_id: appId,
    method: TRADE_QUERY,
    response: { trade_status: 'TRADE_SUCCESS' },
    ...extra,
  })
  await admin(emulator).addStub({
    app_id: appId,
    http_method: 'POST',
    path: V3_TRADE_QUERY,
    body: { trade_status: 'TRADE_SUCCESS' },
  })
}

/** The last request-log entry of `appId`. */
async function lastLogged(emulator: EmulatorTransport, appId: string) {
  return (await admin(emulator).requests()).filter((entry) => entry.app_id === appId).at(-1)
}

export const businessScenarios: Scenario[] = [
  {
    name: 'a stubbed v2 method answers a call for the merchant, signed, with code 10000 and msg Success by default',
    async run(emulator) {
      const { appId, token } = await authorized(emulator)
      await stubTradeQuery(emulator, appId)
      const result = await tradeQuery(emulator, appId, token.app_auth_token)
      expect(result).toMatchObject({ verified: true, nodeName: 'alipay_trade_query_response' })
      expect(result.node).toEqual({ code: '10000', msg: 'Success', trade_status: 'TRADE_SUCCESS' })
    },
  },
  {
    name: 'a stubbed v3 path answers a call for the merchant with the stub’s status and body, signed',
    async run(emulator) {
      const { appId, token } = await authorized(emulator)
      await admin(emulator).addStub({
        app_id: appId,
        http_method: 'POST',
        path: V3_TRADE_QUERY,
        status: 202,
        body: { trade_status: 'WAIT_BUYER_PAY' },
      })
      const result = await tradeQueryV3(emulator, appId, token.app_auth_token)
      expect(result).toMatchObject({
        status: 202,
        verified: true,
        data: { trade_status: 'WAIT_BUYER_PAY' },
      })
    },
  },
  {
    name: 'a stub with a sub_code answers a business failure: 40004 Business Failed',
    async run(emulator) {
      const { appId, token } = await authorized(emulator)
      await admin(emulator).addStub({
        app_id: appId,
        method: TRADE_QUERY,
        response: { sub_code: 'ACQ.TRADE_NOT_EXIST', sub_msg: '交易不存在' },
      })
      const result = await tradeQuery(emulator, appId, token.app_auth_token)
      expect(result.node).toEqual({
        code: '40004',
        msg: 'Business Failed',
        sub_code: 'ACQ.TRADE_NOT_EXIST',
        sub_msg: '交易不存在',
      })
    },
  },
  {
    name: 'the newest matching stub answers',
    async run(emulator) {
      const { appId, token } = await authorized(emulator)
      await admin(emulator).addStub({ app_id: appId, method: TRADE_QUERY, response: { n: 1 } })
      await admin(emulator).addStub({ app_id: appId, method: TRADE_QUERY, response: { n: 2 } })
      expect((await tradeQuery(emulator, appId, token.app_auth_token)).node.n).toBe(2)
    },
  },
  {
    name: 'a stub scoped to a merchant app answers only calls carrying that merchant’s token; a call without one is the ISV’s own',
    async run(emulator) {
      const { appId, token } = await authorized(emulator)
      await admin(emulator).addStub({
        app_id: appId,
        method: TRADE_QUERY,
        response: { who: 'anyone' },
      })
      await admin(emulator).addStub({
        app_id: appId,
        auth_app_id: token.auth_app_id,
        method: TRADE_QUERY,
        response: { who: 'merchant' },
      })
      expect((await tradeQuery(emulator, appId, token.app_auth_token)).node.who).toBe('merchant')
      expect((await tradeQuery(emulator, appId)).node.who).toBe('anyone')
    },
  },
  {
    name: 'without a matching stub the gateway refuses in Alipay’s shape, naming POST /__admin/stubs and the stub another app has',
    async run(emulator) {
      const { appId, token } = await authorized(emulator)
      await admin(emulator).addStub({ app_id: 'another-app', method: TRADE_QUERY, response: {} })
      const v2 = await tradeQuery(emulator, appId, token.app_auth_token)
      expect(v2).toMatchObject({
        verified: true,
        node: { code: '40002', sub_code: 'isv.invalid-method' },
      })
      expect(v2.node.sub_msg).toContain('POST /__admin/stubs {"method":"alipay.trade.query"')
      expect(v2.node.sub_msg).toContain('app another-app')
      const v3 = await tradeQueryV3(emulator, appId, token.app_auth_token)
      expect(v3).toMatchObject({ status: 404, verified: true, data: { code: 'invalid-method' } })
      expect(v3.data.message).toContain(
        `POST /__admin/stubs {"http_method":"POST","path":"${V3_TRADE_QUERY}"`,
      )
    },
  },
  {
    name: 'a token the emulator never issued gets 20001 aop.invalid-app-auth-token (v3: 401 invalid-app-auth-token)',
    async run(emulator) {
      const appId = await newApp(emulator)
      await stubTradeQuery(emulator, appId)
      const v2 = await tradeQuery(emulator, appId, '202601BBnot-a-token')
      expect(v2).toMatchObject({
        verified: true,
        node: {
          code: '20001',
          msg: 'Insufficient Token Permissions',
          sub_code: 'aop.invalid-app-auth-token',
        },
      })
      const v3 = await tradeQueryV3(emulator, appId, '202601BBnot-a-token')
      expect(v3).toMatchObject({
        status: 401,
        verified: true,
        data: { code: 'invalid-app-auth-token' },
      })
    },
  },
  {
    name: 'a token another ISV app holds gets aop.invalid-app-auth-token, and the log says whose it is',
    async run(emulator) {
      const { token } = await authorized(emulator)
      const other = await newApp(emulator)
      await stubTradeQuery(emulator, other)
      const result = await tradeQuery(emulator, other, token.app_auth_token)
      expect(result.node).toMatchObject({ code: '20001', sub_code: 'aop.invalid-app-auth-token' })
      expect(await lastLogged(emulator, other)).toMatchObject({ token_rule: 'other-app-token' })
    },
  },
  {
    name: 'after the merchant cancels, its token gets aop.invalid-app-auth-token, and the log names the merchant and the rule',
    async run(emulator) {
      const { appId, token } = await authorized(emulator)
      await stubTradeQuery(emulator, appId)
      await admin(emulator).cancel(appId, token.user_id)
      expect((await tradeQuery(emulator, appId, token.app_auth_token)).node.sub_code).toBe(
        'aop.invalid-app-auth-token',
      )
      expect(await lastLogged(emulator, appId)).toMatchObject({
        token_rule: 'cancelled',
        merchant: { user_id: token.user_id, auth_app_id: token.auth_app_id },
      })
      const v3 = await tradeQueryV3(emulator, appId, token.app_auth_token)
      expect(v3).toMatchObject({ status: 401, data: { code: 'invalid-app-auth-token' } })
    },
  },
  {
    name: 'a token replaced by a refresh keeps working for the grace, then gets aop.invalid-app-auth-token',
    async run(emulator) {
      const { appId, token } = await authorized(emulator)
      await stubTradeQuery(emulator, appId)
      await callV2(emulator, {
        appId,
        method: TOKEN,
        biz: { grant_type: 'refresh_token', refresh_token: token.app_refresh_token },
      })
      expect((await tradeQuery(emulator, appId, token.app_auth_token)).node.code).toBe('10000')
      expect((await tradeQueryV3(emulator, appId, token.app_auth_token)).status).toBe(200)
      await admin(emulator).advanceClock(GRACE + 1)
      expect((await tradeQuery(emulator, appId, token.app_auth_token)).node.sub_code).toBe(
        'aop.invalid-app-auth-token',
      )
      expect(await lastLogged(emulator, appId)).toMatchObject({ token_rule: 'replaced-past-grace' })
      expect((await tradeQueryV3(emulator, appId, token.app_auth_token)).data.code).toBe(
        'invalid-app-auth-token',
      )
    },
  },
  {
    name: 'a token replaced by a new authorization keeps working for the grace, then gets aop.invalid-app-auth-token',
    async run(emulator) {
      const { appId, token } = await authorized(emulator)
      await stubTradeQuery(emulator, appId)
      await admin(emulator).authorize({ app_id: appId, user_id: token.user_id })
      expect((await tradeQuery(emulator, appId, token.app_auth_token)).node.code).toBe('10000')
      await admin(emulator).advanceClock(GRACE + 1)
      expect((await tradeQuery(emulator, appId, token.app_auth_token)).node.sub_code).toBe(
        'aop.invalid-app-auth-token',
      )
    },
  },
  {
    name: 'with token_expiry enforce, a token older than expires_in gets aop.app-auth-token-time-out (v3: 401 app-auth-token-time-out)',
    async run(emulator) {
      const { appId, token } = await authorized(emulator, { app: { token_expiry: 'enforce' } })
      await stubTradeQuery(emulator, appId)
      await admin(emulator).advanceClock(EXPIRES_IN + 1)
      expect((await tradeQuery(emulator, appId, token.app_auth_token)).node).toMatchObject({
        code: '20001',
        sub_code: 'aop.app-auth-token-time-out',
      })
      const v3 = await tradeQueryV3(emulator, appId, token.app_auth_token)
      expect(v3).toMatchObject({ status: 401, data: { code: 'app-auth-token-time-out' } })
    },
  },
  {
    name: 'a method the merchant did not grant gets aop.invalid-app-auth-token-no-api (v3: 403), a granted one answers',
    async run(emulator) {
      const { appId, token } = await authorized(emulator, {
        authorize: { auth_methods: [TRADE_REFUND] },
      })
      await stubTradeQuery(emulator, appId)
      await admin(emulator).addStub({
        app_id: appId,
        method: TRADE_REFUND,
        response: { fund_change: 'Y' },
      })
      expect(
        (await tradeQuery(emulator, appId, token.app_auth_token, TRADE_REFUND)).node.code,
      ).toBe('10000')
      const refused = await tradeQuery(emulator, appId, token.app_auth_token)
      expect(refused.node).toMatchObject({
        code: '20001',
        sub_code: 'aop.invalid-app-auth-token-no-api',
      })
      expect(await lastLogged(emulator, appId)).toMatchObject({ token_rule: 'api-not-granted' })
      const v3 = await tradeQueryV3(emulator, appId, token.app_auth_token)
      expect(v3).toMatchObject({ status: 403, data: { code: 'invalid-app-auth-token-no-api' } })
    },
  },
  {
    name: 'the token query reports the APIs the merchant granted',
    async run(emulator) {
      const { appId, token } = await authorized(emulator, {
        authorize: { auth_methods: [TRADE_QUERY, TRADE_REFUND] },
      })
      const query = await callV2(emulator, {
        appId,
        method: QUERY,
        biz: { app_auth_token: token.app_auth_token },
      })
      expect(query.node.auth_methods).toEqual([TRADE_QUERY, TRADE_REFUND])
    },
  },
  {
    name: 'the request log names a business call’s merchant and the stub that answered, never the token',
    async run(emulator) {
      const { appId, token } = await authorized(emulator)
      await stubTradeQuery(emulator, appId)
      await tradeQuery(emulator, appId, token.app_auth_token)
      const entry = await lastLogged(emulator, appId)
      expect(entry).toMatchObject({
        method: TRADE_QUERY,
        merchant: { user_id: token.user_id, auth_app_id: token.auth_app_id },
        stub_id: expect.any(String),
      })
      expect(JSON.stringify(await admin(emulator).requests())).not.toContain(token.app_auth_token)
    },
  },
  {
    name: 'a business call whose signature fails is quoted with its token masked, in the answer and the log',
    async run(emulator) {
      const { appId, token } = await authorized(emulator)
      const v2 = await callV2(emulator, {
        appId,
        method: TRADE_QUERY,
        params: { app_auth_token: token.app_auth_token, sign: 'AAAA' },
      })
      const placeholder = `app_auth_token=<app_auth_token: ${token.app_auth_token.length} characters>`
      expect(v2.node.sub_msg).toContain(placeholder)
      const v3 = await callV3(emulator, {
        appId,
        httpMethod: 'POST',
        pathWithQuery: V3_TRADE_QUERY,
        body: {},
        headers: { 'alipay-app-auth-token': token.app_auth_token },
      })
      expect(v3.data).toMatchObject({ code: 'invalid-signature' })
      const log = JSON.stringify(await admin(emulator).requests())
      expect(`${log}${v2.body}${v3.text}`).not.toContain(token.app_auth_token)
    },
  },
  {
    name: 'faults apply to business calls as to token calls',
    async run(emulator) {
      const { appId, token } = await authorized(emulator)
      const method = `alipay.trade.fault${appId}`
      await admin(emulator).addStub({ app_id: appId, method, response: {} })
      await admin(emulator).addFault({
        method,
        kind: 'business_error',
        sub_code: 'ACQ.SYSTEM_ERROR',
        times: 1,
      })
      expect((await tradeQuery(emulator, appId, token.app_auth_token, method)).node).toMatchObject({
        code: '40004',
        sub_code: 'ACQ.SYSTEM_ERROR',
      })
      expect((await tradeQuery(emulator, appId, token.app_auth_token, method)).node.code).toBe(
        '10000',
      )
    },
  },
  {
    name: 'GET /__admin/stubs lists the stubs oldest first; DELETE with an id removes that one',
    async run(emulator) {
      const appId = await newApp(emulator)
      const first = await admin(emulator).addStub({
        app_id: appId,
        method: TRADE_QUERY,
        response: { n: 1 },
      })
      const second = await admin(emulator).addStub({
        app_id: appId,
        method: TRADE_QUERY,
        response: { n: 2 },
      })
      const mine = async () =>
        (await admin(emulator).stubs()).filter((stub) => stub.app_id === appId)
      expect((await mine()).map((stub) => stub.id)).toEqual([first.id, second.id])
      const removed = await admin(emulator).call('DELETE', '/stubs', { id: second.id })
      expect(removed.status).toBe(200)
      expect((await tradeQuery(emulator, appId)).node.n).toBe(1)
      expect((await mine()).map((stub) => stub.id)).toEqual([first.id])
    },
  },
]
