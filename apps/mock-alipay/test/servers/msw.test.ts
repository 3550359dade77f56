import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { MockAlipayEngine } from '../../src/engine/engine.js'
import { ALIPAY_HOSTS, createMockAlipayHandlers } from '../../src/msw.js'
import { businessScenarios } from '../business-scenarios.js'
import { newApp, QUERY, type ScenarioEmulator, scenarios } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { callV2 } from '../support/alipay-client.js'
import { sharedAlipayKeys } from '../support/in-process-engine.js'
import { NotifyInbox, notifyHandler } from '../support/notify-receiver.js'

const engine = new MockAlipayEngine({ alipayKeys: sharedAlipayKeys() })
// The ISV app's notify URL is answered in process too: no request leaves msw.
const notifyReceiver = new NotifyInbox('https://isv.example')
const server = setupServer(
  ...createMockAlipayHandlers(engine, { hosts: ['alipay.test', 'http://localhost:9399'] }),
  notifyHandler(notifyReceiver),
)
const emulator: ScenarioEmulator = {
  fetch: (...args) => fetch(...args),
  baseUrl: 'https://openapi.alipay.com',
  notifyReceiver,
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(async () => {
  server.close()
  await engine.close()
})

describe('the shared scenarios, through msw on Alipay’s production host', () => {
  for (const scenario of [...scenarios, ...businessScenarios])
    it(scenario.name, () => scenario.run(emulator))
})

describe('the msw handlers', () => {
  it.each([
    ...ALIPAY_HOSTS.map((host) => `https://${host}`),
    'https://alipay.test',
    'http://alipay.test',
    'http://localhost:9399',
  ])('answers for %s', async (origin) => {
    const response = await fetch(`${origin}/__admin/keys`)
    expect(await response.json()).toHaveProperty('alipay_public_key')
  })

  it('leaves other hosts alone, so unrelated traffic still fails loudly', async () => {
    // msw reports each unhandled request on console.error; that report is the expected outcome.
    vi.spyOn(console, 'error').mockImplementation(() => {})
    await expect(fetch('https://openapi.alipay.com.evil.test/gateway.do')).rejects.toThrow()
    await expect(fetch('http://localhost:9400/__admin/keys')).rejects.toThrow()
    vi.restoreAllMocks()
  })

  it('turns a reset fault into a network error for fetch, then answers normally again', async () => {
    const appId = await newApp(emulator)
    await admin(emulator).addFault({ kind: 'reset', method: QUERY, times: 1 })
    const query = () =>
      callV2(emulator, { appId, method: QUERY, biz: { app_auth_token: 'not-a-token' } })
    await expect(query()).rejects.toThrow(TypeError)
    expect((await query()).node.sub_code).toBe('aop.invalid-app-auth-token')
  })
})
