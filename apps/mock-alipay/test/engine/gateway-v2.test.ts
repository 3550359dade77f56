import { aesDecrypt, aesEncrypt, formatChinaTime, signV2Params } from '@alipay-isv/core/signer'
import { afterAll, describe, expect, it } from 'vitest'
import { newApp, QUERY, TOKEN } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { callV2, testAppKeys } from '../support/alipay-client.js'
import { inProcessEngine } from '../support/in-process-engine.js'

const emulator = inProcessEngine()
afterAll(() => emulator.engine.close())

async function rawGateway(body: string, contentType = 'application/x-www-form-urlencoded') {
  const response = await emulator.fetch(`${emulator.baseUrl}/gateway.do`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  })
  return {
    status: response.status,
    json: (await response.json()) as Record<string, Record<string, string>>,
  }
}

describe('gateway.do strictness (docs/protocol.md §3)', () => {
  it.each([
    ['sign', 'isv.missing-signature'],
    ['sign_type', 'isv.missing-signature-type'],
    ['timestamp', 'isv.missing-timestamp'],
    ['version', 'isv.missing-version'],
  ])('a request without %s gets 40001 %s in the signed method node', async (param, subCode) => {
    const appId = await newApp(emulator)
    const result = await callV2(emulator, {
      appId,
      method: QUERY,
      biz: { app_auth_token: 'x' },
      params: { [param]: undefined },
    })
    expect(result).toMatchObject({
      verified: true,
      nodeName: 'alipay_open_auth_token_app_query_response',
    })
    expect(result.node).toMatchObject({
      code: '40001',
      msg: 'Missing Required Arguments',
      sub_code: subCode,
    })
  })

  it('a request without app_id or method gets an unsigned error_response', async () => {
    const noApp = await rawGateway('method=alipay.open.auth.token.app')
    expect(noApp.json).toEqual({
      error_response: expect.objectContaining({ code: '40001', sub_code: 'isv.missing-app-id' }),
    })
    const noMethod = await rawGateway('app_id=2021000000000001')
    expect(noMethod.json.error_response?.sub_code).toBe('isv.missing-method')
  })

  it('an unknown app_id gets an unsigned isv.invalid-app-id that says how to register it', async () => {
    const result = await rawGateway(`app_id=2021999999999999&method=${TOKEN}`)
    expect(result.json.error_response).toMatchObject({
      code: '40002',
      sub_code: 'isv.invalid-app-id',
    })
    expect(result.json.error_response?.sub_msg).toContain('POST /__admin/apps')
    expect(result.json.sign).toBeUndefined()
  })

  it('a business method nothing is stubbed for gets a signed isv.invalid-method naming POST /__admin/stubs', async () => {
    const result = await callV2(emulator, {
      appId: await newApp(emulator),
      method: 'alipay.trade.pay',
      biz: {},
    })
    expect(result).toMatchObject({
      verified: true,
      nodeName: 'alipay_trade_pay_response',
      node: { code: '40002', sub_code: 'isv.invalid-method' },
    })
    expect(result.node.sub_msg).toContain(
      'POST /__admin/stubs {"method":"alipay.trade.pay","response":{…}}',
    )
  })

  it.each([
    ['not in yyyy-MM-dd HH:mm:ss', '2026/01/15 12:00:00'],
    ['20 minutes off China time', formatChinaTime(Date.now() - 20 * 60 * 1000)],
  ])('a timestamp %s gets isv.invalid-timestamp', async (_, timestamp) => {
    const result = await callV2(emulator, {
      appId: await newApp(emulator),
      method: QUERY,
      biz: { app_auth_token: 'x' },
      params: { timestamp },
    })
    expect(result.node.sub_code).toBe('isv.invalid-timestamp')
  })

  it.each([
    ['biz_content that is not JSON', { biz_content: '{"app_auth_token":' }],
    ['biz_content that is a JSON array', { biz_content: '[]' }],
    ['no biz_content', { biz_content: undefined }],
  ])('%s gets isv.invalid-parameter', async (_, params) => {
    const result = await callV2(emulator, {
      appId: await newApp(emulator),
      method: QUERY,
      biz: {},
      params,
    })
    expect(result.node).toMatchObject({ code: '40002', sub_code: 'isv.invalid-parameter' })
  })

  it('an unknown grant_type gets isv.invalid-parameter naming grant_type', async () => {
    const result = await callV2(emulator, {
      appId: await newApp(emulator),
      method: TOKEN,
      biz: { grant_type: 'password' },
    })
    expect(result.node).toMatchObject({ sub_code: 'isv.invalid-parameter' })
    expect(result.node.sub_msg).toContain('grant_type')
  })

  it('a parameter given twice with different values is refused, never guessed', async () => {
    const result = await rawGateway(
      `app_id=2021000000000001&app_id=2021000000000002&method=${TOKEN}`,
    )
    expect(result.json.error_response).toMatchObject({ sub_code: 'isv.invalid-parameter' })
    expect(result.json.error_response?.sub_msg).toContain('app_id')
  })

  it('a JSON body or an oversized body gets Alipay’s error shape, not a crash', async () => {
    const json = await rawGateway('{"app_id":"1"}', 'application/json')
    expect(json).toMatchObject({
      status: 200,
      json: { error_response: { sub_code: 'isv.invalid-parameter' } },
    })
    const huge = await rawGateway(`biz_content=${'a'.repeat(1024 * 1024 + 1)}`)
    expect(huge.json.error_response?.sub_msg).toContain('larger than')
  })

  it('reads parameters from the query string and the form body together', async () => {
    const appId = await newApp(emulator)
    const result = await callV2(emulator, {
      appId,
      method: QUERY,
      biz: { app_auth_token: 'unknown' },
    })
    expect(result.node.sub_code).toBe('aop.invalid-app-auth-token')
  })

  it('decrypts an AES biz_content with the app’s key and answers an encrypted node (docs/protocol.md §6)', async () => {
    const { aesKey, appId, biz } = await encryptedExchange()
    const response = await postForm(signedParams(appId, biz))
    const node = /"alipay_open_auth_token_app_response":("[^"]+")/.exec(await response.text())?.[1]
    expect(JSON.parse(aesDecrypt(JSON.parse(node!), aesKey))).toMatchObject({ code: '10000' })
  })

  it('quotes the string it verified on a bad signature, with the AES ciphertext masked', async () => {
    const { appId, biz } = await encryptedExchange()
    // Changed after signing: the signature no longer verifies.
    const params = { ...signedParams(appId, biz), timestamp: formatChinaTime(Date.now() - 1000) }
    const text = await (await postForm(params)).text()
    expect(text).toContain('isv.invalid-signature')
    expect(text).toContain(`biz_content=<AES ciphertext of ${biz.length} characters, not quoted>`)
    expect(text).not.toContain(biz)
    expect(text).not.toContain(biz.replaceAll('/', '\\/'))
  })

  it('quotes the string it verified on a bad signature without the code or token it carries', async () => {
    const appId = await newApp(emulator)
    const result = await callV2(emulator, {
      appId,
      method: TOKEN,
      biz: { grant_type: 'authorization_code', code: 'secret-code-41' },
      params: { app_auth_token: 'secret-token-42', sign: 'AAAA' },
    })
    const quote = String(result.node.sub_msg)
    expect(quote).toContain('"code":"<not quoted>"')
    expect(quote).toContain('app_auth_token=<app_auth_token: 15 characters>')
    expect(quote).not.toMatch(/secret-code-41|secret-token-42/)
  })

  it.each([
    ['flat', ['app_auth_token']],
    ['both', ['app_auth_token', 'tokens']],
    ['tokens', ['tokens']],
  ])(
    'an app registered with token_response_shape %s gets exactly those members',
    async (shape, members) => {
      const appId = await newApp(emulator, { token_response_shape: shape })
      const { app_auth_code } = await admin(emulator).authorize({ app_id: appId })
      const result = await callV2(emulator, {
        appId,
        method: TOKEN,
        biz: { grant_type: 'authorization_code', code: app_auth_code },
      })
      const present = ['app_auth_token', 'tokens'].filter((name) => name in result.node)
      expect(present).toEqual(members)
    },
  )
})

/** An app with an AES key, and a code exchange's biz_content encrypted under it. */
async function encryptedExchange() {
  const aesKey = Buffer.alloc(16, 7).toString('base64')
  const appId = await newApp(emulator, { aes_key: aesKey })
  const { app_auth_code } = await admin(emulator).authorize({ app_id: appId })
  const plain = JSON.stringify({ grant_type: 'authorization_code', code: app_auth_code })
  return { aesKey, appId, biz: aesEncrypt(plain, aesKey) }
}

function postForm(params: Record<string, string>): Promise<Response> {
  return emulator.fetch(`${emulator.baseUrl}/gateway.do`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  })
}

function signedParams(appId: string, encryptedBiz: string): Record<string, string> {
  const params: Record<string, string> = {
    app_id: appId,
    method: TOKEN,
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: formatChinaTime(Date.now()),
    version: '1.0',
    encrypt_type: 'AES',
    biz_content: encryptedBiz,
  }
  return { ...params, sign: signV2Params(params, testAppKeys().privateKey) }
}
