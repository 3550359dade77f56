import { aesDecrypt, aesEncrypt, formatChinaTime, signV2Params } from '@alipay-isv/core/signer'
import { describe, expect, it } from 'vitest'
import { MockAlipayEngine } from '../../src/index.js'
import { newApp, TOKEN } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { callV2, testAppKeys } from '../support/alipay-client.js'
import { engineDoor, sharedAlipayKeys } from '../support/engine-door.js'

const TRADE_QUERY = 'alipay.trade.query'

function tradeQuery(door: ReturnType<typeof engineDoor>, appId: string) {
  return callV2(door, { appId, method: TRADE_QUERY, biz: { out_trade_no: 'T1' } })
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
    const { status, json } = await admin(engineDoor()).call('POST', '/stubs', body)
    expect(status).toBe(400)
    expect(json.error).toMatchObject({ field })
  })

  it('DELETE without an id removes every stub, and the gateway refuses again', async () => {
    const door = engineDoor()
    const appId = await newApp(door)
    await admin(door).addStub({ method: TRADE_QUERY, response: {} })
    expect((await tradeQuery(door, appId)).node.code).toBe('10000')
    expect((await admin(door).call('DELETE', '/stubs')).json).toEqual({ stubs: [] })
    expect((await tradeQuery(door, appId)).node.sub_code).toBe('isv.invalid-method')
  })

  it('DELETE with an unknown id is a 404 naming the id', async () => {
    const { status, json } = await admin(engineDoor()).call('DELETE', '/stubs', { id: 'nope' })
    expect(status).toBe(404)
    expect(json.error).toMatchObject({ field: 'id' })
  })

  it('the token query reports the stubbed methods as auth_methods when the merchant granted every API', async () => {
    const door = engineDoor()
    const appId = await newApp(door)
    await admin(door).addStub({ app_id: appId, method: 'alipay.trade.refund', response: {} })
    await admin(door).addStub({ app_id: appId, http_method: 'GET', path: '/v3/alipay/trade/query' })
    await admin(door).addStub({ app_id: 'another-app', method: 'alipay.trade.close' })
    const { app_auth_code } = await admin(door).authorize({ app_id: appId })
    const exchanged = await callV2(door, {
      appId,
      method: TOKEN,
      biz: { grant_type: 'authorization_code', code: app_auth_code },
    })
    const [token] = exchanged.node.tokens as { app_auth_token: string }[]
    const query = await callV2(door, {
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
    const door = engineDoor({ seed })
    await admin(door).addStub({ method: TRADE_QUERY, response: { trade_status: 'TRADE_CLOSED' } })
    expect((await tradeQuery(door, '2021000000000301')).node.trade_status).toBe('TRADE_CLOSED')
    door.engine.reset()
    expect((await tradeQuery(door, '2021000000000301')).node.trade_status).toBe('TRADE_SUCCESS')
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
    const door = engineDoor()
    const appId = await newApp(door)
    const kept = await admin(door).addStub({ app_id: appId, method: TRADE_QUERY, response: {} })
    const { app_auth_code } = await admin(door).authorize({ app_id: appId })
    const exchanged = await callV2(door, {
      appId,
      method: TOKEN,
      biz: { grant_type: 'authorization_code', code: app_auth_code },
    })
    const [token] = exchanged.node.tokens as { app_auth_token: string; user_id: string }[]
    await admin(door).cancel(appId, token!.user_id)
    const restored = MockAlipayEngine.restore(JSON.parse(JSON.stringify(door.engine.snapshot())))
    expect(restored.state.stubs.list()).toEqual([kept])
    const restoredDoor = {
      baseUrl: door.baseUrl,
      fetch: ((input: string | URL | Request, init?: RequestInit) =>
        restored.handle(new Request(input, init))) as typeof fetch,
    }
    const call = await callV2(restoredDoor, {
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
    const door = engineDoor()
    const aesKey = Buffer.alloc(16, 9).toString('base64')
    const appId = await newApp(door, { aes_key: aesKey })
    await admin(door).addStub({ app_id: appId, method: TRADE_QUERY, response: { n: 1 } })
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
    const response = await door.fetch(`${door.baseUrl}/gateway.do`, {
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
    const door = engineDoor()
    const appId = await newApp(door)
    await admin(door).addStub({ app_id: appId, method: TRADE_QUERY, response: { who: 'isv' } })
    const call = await callV2(door, {
      appId,
      method: TRADE_QUERY,
      biz: { out_trade_no: 'T1', app_auth_token: '202601BBsomething' },
    })
    expect(call.node.who).toBe('isv')
    const [entry] = door.engine.log.entries()
    expect(entry?.merchant).toBeUndefined()
    expect(entry?.warnings?.join(' ')).toContain('only from the common parameter app_auth_token')
  })
})
