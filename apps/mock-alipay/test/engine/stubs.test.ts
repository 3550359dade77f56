import { aesDecrypt, aesEncrypt, formatChinaTime, signV2Params } from '@alipay-isv/core/signer'
import { describe, expect, it } from 'vitest'
import { MockAlipayEngine } from '../../src/index.js'
import { newApp, TOKEN } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { callV2, testAppKeys } from '../support/alipay-client.js'
import { inProcessEngine, sharedAlipayKeys } from '../support/in-process-engine.js'

const TRADE_QUERY = 'alipay.trade.query'

function tradeQuery(emulator: ReturnType<typeof inProcessEngine>, appId: string) {
  return callV2(emulator, { appId, method: TRADE_QUERY, biz: { out_trade_no: 'T1' } })
}

describe('POST /__admin/stubs (README "Stubs")', () => {
  it.each([
    [{}, 'method'],
    [{ method: TOKEN, response: {} }, 'method'],
    [{ method: TRADE_QUERY, response: ['not', 'a', 'node'] }, 'response'],
    [{ method: TRADE_QUERY, response: { code: 10000 } }, 'response.code'],
    [{ method: TRADE_QUERY, path: '/v3/alipay/trade/query' }, 'method'],
    [{ http_method: 'POST', path: 'alipay/trade/query' }, 'path'],
    [{ http_method: 'POST', path: '/v3/alipay/trade/query?a=1' }, 'path'],
    [{ http_method: 'POST', path: '/v3/alipay/open/auth/token/app' }, 'path'],
    [{ http_method: 'FETCH', path: '/v3/alipay/trade/query' }, 'http_method'],
    [{ http_method: 'POST', path: '/v3/alipay/trade/query', status: 99 }, 'status'],
    [{ method: TRADE_QUERY, auth_app_id: '' }, 'auth_app_id'],
  ])('refuses %j naming %s', async (body, field) => {
    const { status, json } = await admin(inProcessEngine()).call('POST', '/stubs', body)
    expect(status).toBe(400)
    expect(json.error).toMatchObject({ field })
  })

  it('DELETE without an id removes every stub, and the gateway refuses again', async () => {
    const emulator = inProcessEngine()
    const appId = await newApp(emulator)
    await admin(emulator).addStub({ method: TRADE_QUERY, response: {} })
    expect((await tradeQuery(emulator, appId)).node.code).toBe('10000')
    expect((await admin(emulator).call('DELETE', '/stubs')).json).toEqual({ stubs: [] })
    expect((await tradeQuery(emulator, appId)).node.sub_code).toBe('isv.invalid-method')
  })

  it('DELETE with an unknown id is a 404 naming the id', async () => {
    const { status, json } = await admin(inProcessEngine()).call('DELETE', '/stubs', { id: 'nope' })
    expect(status).toBe(404)
    expect(json.error).toMatchObject({ field: 'id' })
  })

  it('the token query reports the stubbed methods as auth_methods when the merchant granted every API', async () => {
    const emulator = inProcessEngine()
    const appId = await newApp(emulator)
    await admin(emulator).addStub({ app_id: appId, method: 'alipay.trade.refund', response: {} })
    await admin(emulator).addStub({
      app_id: appId,
      http_method: 'GET',
      path: '/v3/alipay/trade/query',
    })
    await admin(emulator).addStub({ app_id: 'another-app', method: 'alipay.trade.close' })
    const { app_auth_code } = await admin(emulator).authorize({ app_id: appId })
    const exchanged = await callV2(emulator, {
      appId,
      method: TOKEN,
      biz: { grant_type: 'authorization_code', code: app_auth_code },
    })
    const [token] = exchanged.node.tokens as { app_auth_token: string }[]
    const query = await callV2(emulator, {
      appId,
      method: 'alipay.open.auth.token.app.query',
      biz: { app_auth_token: token?.app_auth_token },
    })
    expect(query.node.auth_methods).toEqual(['alipay.trade.query', 'alipay.trade.refund'])
  })
})

describe('stubs in a seed file', () => {
  const seed = {
    apps: [{ app_id: '2021000000000301', public_key: testAppKeys().publicKeyPem }],
    stubs: [{ method: TRADE_QUERY, response: { trade_status: 'TRADE_SUCCESS' } }],
  }

  it('answer business calls, and come back after a reset while stubs added later do not', async () => {
    const emulator = inProcessEngine({ seed })
    await admin(emulator).addStub({
      method: TRADE_QUERY,
      response: { trade_status: 'TRADE_CLOSED' },
    })
    expect((await tradeQuery(emulator, '2021000000000301')).node.trade_status).toBe('TRADE_CLOSED')
    emulator.engine.reset()
    expect((await tradeQuery(emulator, '2021000000000301')).node.trade_status).toBe('TRADE_SUCCESS')
  })

  it('are refused at start with the place of the mistake in the file', () => {
    expect(
      () =>
        new MockAlipayEngine({
          alipayKeys: sharedAlipayKeys(),
          seed: { stubs: [{ method: TRADE_QUERY }, { method: TOKEN }] },
        }),
    ).toThrow(/seed\.stubs\[1\]\.method/)
  })
})

describe('stubs in a snapshot (--data-dir)', () => {
  it('are restored with their ids, and a cancelled token is still refused as cancelled', async () => {
    const emulator = inProcessEngine()
    const appId = await newApp(emulator)
    const kept = await admin(emulator).addStub({ app_id: appId, method: TRADE_QUERY, response: {} })
    const { app_auth_code } = await admin(emulator).authorize({ app_id: appId })
    const exchanged = await callV2(emulator, {
      appId,
      method: TOKEN,
      biz: { grant_type: 'authorization_code', code: app_auth_code },
    })
    const [token] = exchanged.node.tokens as { app_auth_token: string; user_id: string }[]
    await admin(emulator).cancel(appId, token!.user_id)
    const restored = MockAlipayEngine.restore(
      JSON.parse(JSON.stringify(emulator.engine.snapshot())),
    )
    expect(restored.state.stubs.list()).toEqual([kept])
    const restoredEmulator = {
      baseUrl: emulator.baseUrl,
      fetch: ((input: string | URL | Request, init?: RequestInit) =>
        restored.handle(new Request(input, init))) as typeof fetch,
    }
    const call = await callV2(restoredEmulator, {
      appId,
      method: TRADE_QUERY,
      params: { app_auth_token: token!.app_auth_token },
    })
    expect(call.node.sub_code).toBe('aop.invalid-app-auth-token')
    expect(restored.log.entries().at(-1)).toMatchObject({ token_rule: 'cancelled' })
  })
})

describe('a stubbed business call with encrypt_type=AES (docs/protocol.md §6)', () => {
  it('gets the stub’s node encrypted with the app’s key', async () => {
    const emulator = inProcessEngine()
    const aesKey = Buffer.alloc(16, 9).toString('base64')
    const appId = await newApp(emulator, { aes_key: aesKey })
    await admin(emulator).addStub({ app_id: appId, method: TRADE_QUERY, response: { n: 1 } })
    const params: Record<string, string> = {
      app_id: appId,
      method: TRADE_QUERY,
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: formatChinaTime(Date.now()),
      version: '1.0',
      encrypt_type: 'AES',
      biz_content: aesEncrypt(JSON.stringify({ out_trade_no: 'T1' }), aesKey),
    }
    params.sign = signV2Params(params, testAppKeys().privateKey)
    const response = await emulator.fetch(`${emulator.baseUrl}/gateway.do`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    })
    const node = JSON.parse(await response.text()).alipay_trade_query_response as string
    expect(JSON.parse(aesDecrypt(node, aesKey))).toEqual({ code: '10000', msg: 'Success', n: 1 })
  })
})

describe('app_auth_token in the wrong place', () => {
  it('a token inside biz_content runs the call as the ISV itself, with a request-log warning', async () => {
    const emulator = inProcessEngine()
    const appId = await newApp(emulator)
    await admin(emulator).addStub({ app_id: appId, method: TRADE_QUERY, response: { who: 'isv' } })
    const call = await callV2(emulator, {
      appId,
      method: TRADE_QUERY,
      biz: { out_trade_no: 'T1', app_auth_token: '202601BBsomething' },
    })
    expect(call.node.who).toBe('isv')
    const [entry] = emulator.engine.log.entries()
    expect(entry?.merchant).toBeUndefined()
    expect(entry?.warnings?.join(' ')).toContain('only from the common parameter app_auth_token')
  })
})
