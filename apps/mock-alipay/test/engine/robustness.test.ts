import { describe, expect, it } from 'vitest'
import { MockAlipayEngine } from '../../src/index.js'
import { newApp, QUERY } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { callV2 } from '../support/alipay-client.js'
import { inProcessEngine, sharedAlipayKeys } from '../support/in-process-engine.js'

describe('hostile input and internal failures', () => {
  it('an unknown path gets a JSON 404 in Alipay’s error shape', async () => {
    const emulator = inProcessEngine()
    const response = await emulator.fetch(`${emulator.baseUrl}/gateway.php`)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({
      error_response: { sub_code: 'isv.invalid-method' },
    })
  })

  it('an unsigned call to a v3 business path gets the v3 401 naming the authorization header', async () => {
    const emulator = inProcessEngine()
    const response = await emulator.fetch(`${emulator.baseUrl}/v3/alipay/trade/query`, {
      method: 'POST',
    })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({
      code: 'invalid-signature',
      message: expect.stringContaining('send an authorization header'),
    })
  })

  it('a bug inside the engine answers 20000 isp.unknow-error and is logged, never thrown', async () => {
    let broken = false
    const engine = new MockAlipayEngine({
      alipayKeys: sharedAlipayKeys(),
      clock: {
        now: () => {
          if (broken) throw new Error('clock exploded')
          return Date.now()
        },
      },
    })
    broken = true
    const response = await engine.handle(new Request('http://mock/gateway.do', { method: 'POST' }))
    expect(await response.json()).toMatchObject({
      error_response: { code: '20000', sub_code: 'isp.unknow-error' },
    })
    broken = false
    expect(engine.log.entries().at(-1)).toMatchObject({
      error: 'Error: clock exploded',
      status: 200,
    })
  })

  it('the request log keeps only the newest requestLogSize entries', async () => {
    const emulator = inProcessEngine({ requestLogSize: 3 })
    for (const path of ['/a', '/b', '/c', '/d']) await emulator.fetch(`${emulator.baseUrl}${path}`)
    expect((await admin(emulator).requests()).map((entry) => entry.path)).toEqual([
      '/b',
      '/c',
      '/d',
    ])
  })

  it('a snapshot restores apps, tokens and the clock into a new engine', async () => {
    const emulator = inProcessEngine()
    const appId = await newApp(emulator)
    await admin(emulator).authorize({ app_id: appId })
    await admin(emulator).advanceClock(3600)
    const token = [...emulator.engine.state.grants.values()][0]!.app_auth_token
    const snapshot = JSON.parse(JSON.stringify(emulator.engine.snapshot()))
    const restored = MockAlipayEngine.restore(snapshot)
    const restoredEmulator = {
      ...emulator,
      fetch: ((input: string | URL | Request, init?: RequestInit) =>
        restored.handle(new Request(input, init))) as typeof fetch,
    }
    const result = await callV2(restoredEmulator, {
      appId,
      method: QUERY,
      biz: { app_auth_token: token },
    })
    expect(result.node.status).toBe('valid')
    expect(restored.clock.offsetMs).toBe(3600_000)
  })
})
