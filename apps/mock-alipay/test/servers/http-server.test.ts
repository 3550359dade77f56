import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MockAlipayEngine } from '../../src/engine/engine.js'
import { createMockAlipayServer } from '../../src/server.js'
import { businessScenarios } from '../business-scenarios.js'
import { scenarios } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { callV2, callV3, type EmulatorTransport, testAppKeys } from '../support/alipay-client.js'
import { sharedAlipayKeys } from '../support/in-process-engine.js'
import { type NotifyReceiver, startLoopbackReceiver } from '../support/notify-receiver.js'

const APP_ID = '2021000000000101'

// One engine and server for the file: the engine's key generation is the slow part.
let engine: MockAlipayEngine
let server: FastifyInstance
let emulator: EmulatorTransport
let notifyReceiver: NotifyReceiver & { close(): Promise<void> }

beforeAll(async () => {
  notifyReceiver = await startLoopbackReceiver()
  engine = new MockAlipayEngine({ alipayKeys: sharedAlipayKeys() })
  server = createMockAlipayServer(engine, { bodyLimit: 16 * 1024 })
  await server.listen({ port: 0, host: '127.0.0.1' })
  emulator = { fetch, baseUrl: `http://127.0.0.1:${(server.server.address() as AddressInfo).port}` }
})

afterAll(async () => {
  await server.close()
  await engine.close()
  await notifyReceiver.close()
})

describe('the shared scenarios, through the HTTP server on a real port', () => {
  for (const scenario of [...scenarios, ...businessScenarios])
    it(scenario.name, () => scenario.run({ ...emulator, notifyReceiver }))
})

describe('the HTTP server', () => {
  beforeEach(async () => {
    engine.reset()
    await admin(emulator).registerApp({ app_id: APP_ID, public_key: testAppKeys().publicKeyPem })
  })

  it('passes a form body to the engine byte for byte, so values with + & % = and Chinese still verify', async () => {
    const { app_auth_code } = await admin(emulator).authorize({ app_id: APP_ID })
    const result = await callV2(emulator, {
      appId: APP_ID,
      method: 'alipay.open.auth.token.app',
      biz: { grant_type: 'authorization_code', code: app_auth_code },
      params: { notify_url: 'https://isv.test/notify?a=1&b=%2B+2=3&name=商户 一' },
    })
    expect(result.node).toMatchObject({ code: '10000' })
    expect(result.verified).toBe(true)
  })

  it('passes a JSON body to the engine byte for byte, so a v3 signature over its exact text verifies', async () => {
    const { app_auth_code } = await admin(emulator).authorize({ app_id: APP_ID })
    const result = await callV3(emulator, {
      appId: APP_ID,
      httpMethod: 'POST',
      pathWithQuery: '/v3/alipay/open/auth/token/app',
      body: { grant_type: 'authorization_code', code: app_auth_code, note: 'a +\u00e9 \u2028 中' },
    })
    expect(result.status).toBe(200)
    expect(result.verified).toBe(true)
  })

  it('drops the connection when a reset fault fires, then answers normally again', async () => {
    await admin(emulator).addFault({ kind: 'reset', path: '/gateway.do', times: 1 })
    const call = () =>
      callV2(emulator, {
        appId: APP_ID,
        method: 'alipay.open.auth.token.app.query',
        biz: { app_auth_token: 'unknown' },
      })
    await expect(call()).rejects.toThrow(TypeError)
    const after = await call()
    expect(after.node.sub_code).toBe('aop.invalid-app-auth-token')
  })

  it('answers an oversized gateway body with an Alipay error_response, not a bare 500', async () => {
    const response = await fetch(`${emulator.baseUrl}/gateway.do`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `biz_content=${'x'.repeat(32 * 1024)}`,
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { error_response: Record<string, string> }
    expect(body.error_response).toMatchObject({ code: '40002', sub_code: 'isv.invalid-parameter' })
    expect(body.error_response.sub_msg).toContain('larger than the emulator accepts')
  })

  it('answers an oversized v3 body with a 413 and the v3 error shape', async () => {
    const response = await fetch(`${emulator.baseUrl}/v3/alipay/open/auth/token/app`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(32 * 1024) }),
    })
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({
      code: expect.any(String),
      message: expect.stringContaining('larger'),
    })
  })

  it('answers a URL it cannot decode with an Alipay error_response', async () => {
    const response = await fetch(`${emulator.baseUrl}/gateway.do%zz`, { method: 'POST' })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ error_response: { code: '40002' } })
  })

  it('takes a gateway body sent without any content-type and still answers in Alipay’s shape', async () => {
    const response = await fetch(`${emulator.baseUrl}/gateway.do`, {
      method: 'POST',
      body: new TextEncoder().encode('method=alipay.open.auth.token.app'),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toHaveProperty('error_response.code')
  })
})
