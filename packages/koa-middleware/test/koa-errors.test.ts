import { describe, expect, it } from 'vitest'
import { AlipayRouteError, StateMissingError } from '../src/index.js'
import { type KoaTestApp, startsKoaApps } from './support/koa-app.js'

const startApp = startsKoaApps()

/** A callback that passes every check but carries no state. */
const stateless = (test: KoaTestApp) =>
  `/alipay/callback?app_id=${test.world.appId}&source=alipay_app_auth&app_auth_code=c1`

describe('client errors in Koa terms', () => {
  it('without an error middleware, answers JSON { statusCode, code, error, message } as @alipay-isv/fastify does', async () => {
    const running = await startApp()
    const response = await running.browser.get(stateless(running), { accept: 'application/json' })
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await response.json()).toEqual({
      statusCode: 400,
      code: 'ALIPAY_STATE_MISSING',
      error: 'Bad Request',
      message: expect.stringContaining('Start again at /alipay/authorize.'),
    })
  })

  it("are thrown to the app's error middleware upstream, which answers its own way", async () => {
    const running = await startApp({
      mount: (app, auth) =>
        app
          .use(async (ctx, next) => {
            try {
              await next()
            } catch (error) {
              if (!(error instanceof AlipayRouteError)) throw error
              ctx.status = error.status
              ctx.body = `house style: ${error.code}`
            }
          })
          .use(auth),
    })
    const response = await running.browser.get(stateless(running))
    expect(response.status).toBe(400)
    expect(await response.text()).toBe('house style: ALIPAY_STATE_MISSING')
  })

  it('are AlipayRouteErrors of one class per code, with status, the stable code and expose: true', async () => {
    const emitted: unknown[] = []
    const running = await startApp()
    running.app.on('error', (error) => emitted.push(error))
    await running.browser.get(stateless(running))
    expect(emitted).toEqual([
      expect.objectContaining({ status: 400, code: 'ALIPAY_STATE_MISSING', expose: true }),
    ])
    expect(emitted[0]).toBeInstanceOf(StateMissingError)
    expect(emitted[0]).toBeInstanceOf(AlipayRouteError)
  })

  it('are logged as one line naming the code that was answered', async () => {
    const running = await startApp()
    await running.browser.get(stateless(running))
    expect(running.log).toEqual([
      expect.stringMatching(/^alipay-auth: callback: ALIPAY_STATE_MISSING/),
    ])
  })
})
