import { ScenarioWorld } from '@alipay-isv/adapter-scenarios'
import { describe, expect, it } from 'vitest'
import { buildApp } from './fastify-harness.js'
import { finishAuthorization, startAuthorization } from './inject-flow.js'

/** A fetch that only ends when the client gives up on it. */
const hangingFetch: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
  })

describe('callback failures from Alipay', () => {
  it('answers in Fastify’s error shape with a stable code, a status and a message', async () => {
    const world = new ScenarioWorld()
    const app = await buildApp(world.appAuthOptions())
    const response = await app.inject(
      `/alipay/callback?app_id=${world.appId}&source=alipay_app_auth&app_auth_code=code-1`,
    )
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({
      statusCode: 400,
      code: 'ALIPAY_STATE_MISSING',
      error: 'Bad Request',
      message: expect.stringContaining('/alipay/authorize'),
    })
    await app.close()
  })

  it('a refused request other than a spent code answers 502 ALIPAY_API_ERROR naming the sub_code', async () => {
    const world = new ScenarioWorld()
    // Signing with a key Alipay does not know: the gateway answers isv.invalid-signature.
    const app = await buildApp({
      ...world.appAuthOptions(),
      privateKey: world.keys.stranger.privateKey,
    })
    const response = await finishAuthorization(app, world, await startAuthorization(app))
    expect(response.statusCode).toBe(502)
    expect(response.json()).toMatchObject({
      code: 'ALIPAY_API_ERROR',
      message: expect.stringContaining('isv.invalid-signature'),
    })
    await app.close()
  })

  it('an Alipay that does not answer in time answers 502 ALIPAY_UNREACHABLE', async () => {
    const world = new ScenarioWorld()
    const app = await buildApp({ ...world.appAuthOptions(), fetch: hangingFetch, timeoutMs: 20 })
    const response = await finishAuthorization(app, world, await startAuthorization(app))
    expect(response.statusCode).toBe(502)
    expect(response.json().code).toBe('ALIPAY_UNREACHABLE')
    expect(await app.alipayAuth.listMerchants()).toEqual([])
    await app.close()
  })
})
