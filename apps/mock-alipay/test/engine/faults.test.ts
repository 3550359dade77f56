import { afterEach, describe, expect, it } from 'vitest'
import { isConnectionReset } from '../../src/index.js'
import { newApp, QUERY, TOKEN } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { callV2, callV3 } from '../support/alipay-client.js'
import { inProcessEngine } from '../support/in-process-engine.js'

const emulator = inProcessEngine()
afterEach(() => admin(emulator).clearFaults())

const queryUnknown = async () =>
  callV2(emulator, {
    appId: await newApp(emulator),
    method: QUERY,
    biz: { app_auth_token: 'unknown' },
  })

describe('faults (POST /__admin/faults)', () => {
  it('a fault for a business method fires on its v3 path too, which stands for that method', async () => {
    const appId = await newApp(emulator)
    await admin(emulator).addStub({ http_method: 'GET', path: '/v3/alipay/trade/query', body: {} })
    await admin(emulator).addFault({
      method: 'alipay.trade.query',
      kind: 'http_error',
      status: 503,
      times: 1,
    })
    const call = () =>
      callV3(emulator, { appId, httpMethod: 'GET', pathWithQuery: '/v3/alipay/trade/query' })
    // The fault answers plain text, which the v3 helper fails to read as JSON.
    await expect(call()).rejects.toThrow(SyntaxError)
    expect((await admin(emulator).requests()).at(-1)).toMatchObject({
      status: 503,
      method: 'alipay.trade.query',
    })
    expect((await call()).status).toBe(200)
  })

  it('reset answers a marked response the servers turn into a dropped connection', async () => {
    await admin(emulator).addFault({ method: QUERY, kind: 'reset', times: 1 })
    const response = await emulator.engine.handle(
      new Request(`${emulator.baseUrl}/gateway.do?method=${QUERY}`, { method: 'POST' }),
    )
    expect(isConnectionReset(response)).toBe(true)
  })

  it.each([
    ['v2', '/gateway.do'],
    ['v3', '/v3/alipay/open/auth/token/app'],
  ])(
    'a %s request answered by a fault is logged with its method, grant_type and app_id',
    async (version, path) => {
      const appId = await newApp(emulator)
      await admin(emulator).addFault({ path, kind: 'http_error', status: 502, times: 1 })
      const biz = { grant_type: 'authorization_code', code: 'c' }
      const call =
        version === 'v2'
          ? callV2(emulator, { appId, method: TOKEN, biz })
          : callV3(emulator, { appId, httpMethod: 'POST', pathWithQuery: path, body: biz })
      await call.catch(() => undefined)
      const entry = (await admin(emulator).requests()).at(-1)
      expect(entry).toMatchObject({
        path,
        status: 502,
        fault: 'http_error',
        method: TOKEN,
        grant_type: 'authorization_code',
        app_id: appId,
      })
    },
  )

  it('garbled answers a truncated body the client cannot parse', async () => {
    await admin(emulator).addFault({ method: QUERY, kind: 'garbled', times: 1 })
    await expect(queryUnknown()).rejects.toThrow(/not valid JSON/)
  })

  it('bad_signature answers a response whose signature does not verify', async () => {
    await admin(emulator).addFault({ path: '/gateway.do', kind: 'bad_signature', times: 1 })
    await expect(queryUnknown()).rejects.toThrow(/does not verify/)
  })

  it('bad_signature on v3 corrupts the alipay-signature header', async () => {
    await admin(emulator).addFault({
      path: '/v3/alipay/open/auth/token/app/query',
      kind: 'bad_signature',
    })
    const result = await callV3(emulator, {
      appId: await newApp(emulator),
      httpMethod: 'GET',
      pathWithQuery: '/v3/alipay/open/auth/token/app/query?app_auth_token=x',
    })
    expect(result.verified).toBe(false)
  })

  it('business_error answers the given sub_code in a signed node', async () => {
    await admin(emulator).addFault({
      method: QUERY,
      kind: 'business_error',
      sub_code: 'isv.insufficient-isv-permissions',
    })
    const result = await queryUnknown()
    expect(result).toMatchObject({
      verified: true,
      node: { code: '40004', sub_code: 'isv.insufficient-isv-permissions' },
    })
  })

  it('latency delays the answer and then handles the request normally', async () => {
    await admin(emulator).addFault({ method: QUERY, kind: 'latency', latency_ms: 1, times: 1 })
    expect((await queryUnknown()).node.sub_code).toBe('aop.invalid-app-auth-token')
  })

  it('latency after_handling rotates the pair first and then holds the answer back', async () => {
    const appId = await newApp(emulator)
    const { app_auth_code: code } = await admin(emulator).authorize({ app_id: appId })
    const exchanged = await callV2(emulator, {
      appId,
      method: TOKEN,
      biz: { grant_type: 'authorization_code', code },
    })
    const issued = (exchanged.node.tokens as Array<Record<string, string>>)[0]!
    const current = () =>
      emulator.engine.snapshot().grants.find((grant) => grant.app_id === appId)?.app_auth_token
    await admin(emulator).addFault({
      method: TOKEN,
      kind: 'latency',
      latency_ms: 300,
      after_handling: true,
      times: 1,
    })
    let answered = false
    const refresh = { grant_type: 'refresh_token', refresh_token: issued.app_refresh_token }
    const answer = callV2(emulator, { appId, method: TOKEN, biz: refresh }).then((result) => {
      answered = true
      return result
    })
    while (current() === issued.app_auth_token) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    // The rotation is done; a third of the latency later the answer is still held back.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(answered).toBe(false)
    const rotated = (await answer).node.tokens as Array<Record<string, string>>
    expect(rotated[0]?.app_auth_token).toBe(current())
  })

  it('refuses an after_handling that is not a boolean', async () => {
    const response = await admin(emulator).addFault({
      kind: 'latency',
      latency_ms: 1,
      after_handling: 'yes',
    })
    expect(response.json).toMatchObject({ error: { field: 'after_handling' } })
  })

  it('a fault for another method leaves the request alone', async () => {
    await admin(emulator).addFault({
      method: 'alipay.open.auth.token.app',
      kind: 'http_error',
      status: 503,
    })
    expect((await queryUnknown()).node.sub_code).toBe('aop.invalid-app-auth-token')
  })

  it('a probabilistic fault under a seed fires the same way on every run', async () => {
    const pattern = async () => {
      await admin(emulator).addFault({
        path: '/gateway.do',
        kind: 'http_error',
        probability: 0.5,
        seed: 42,
      })
      const statuses: number[] = []
      for (let i = 0; i < 12; i++)
        statuses.push(
          (await emulator.fetch(`${emulator.baseUrl}/gateway.do`, { method: 'POST' })).status,
        )
      await admin(emulator).clearFaults()
      return statuses
    }
    const first = await pattern()
    expect(first).toContain(503)
    expect(first).toContain(200)
    expect(await pattern()).toEqual(first)
  })

  it('names the wrong field of a bad fault', async () => {
    expect((await admin(emulator).addFault({ kind: 'explode' })).json).toEqual({
      error: { field: 'kind', message: expect.stringContaining('latency') },
    })
    expect((await admin(emulator).addFault({ kind: 'latency' })).json.error).toMatchObject({
      field: 'latency_ms',
    })
    expect((await admin(emulator).addFault({ kind: 'reset', probability: 2 })).status).toBe(400)
  })
})
