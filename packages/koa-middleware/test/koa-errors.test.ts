import { describe, expect, it } from 'vitest'
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

  it('are answered through Koa’s own response: headers set upstream stay on the answer', async () => {
    const running = await startApp({
      mount: (app, auth) =>
        app
          .use(async (ctx, next) => {
            ctx.set('x-frame-options', 'DENY')
            await next()
          })
          .use(auth),
    })
    const response = await running.browser.get(stateless(running))
    expect(response.status).toBe(400)
    expect(response.headers.get('x-frame-options')).toBe('DENY')
  })

  it('what is not a client error (a throwing onAuthorized) goes on to the app’s error middleware', async () => {
    const caught: unknown[] = []
    const running = await startApp({
      options: {
        onAuthorized: () => {
          throw new Error('the app’s own bug')
        },
      },
      mount: (app, auth) =>
        app
          .use(async (ctx, next) => {
            try {
              await next()
            } catch (error) {
              caught.push(error)
              ctx.status = 500
              ctx.body = 'house style'
            }
          })
          .use(auth),
    })
    const location = (await running.browser.get('/alipay/authorize')).headers.get('location')
    const response = await running.browser.get(await running.world.consent(location ?? ''))
    expect(await response.text()).toBe('house style')
    expect(caught).toEqual([new Error('the app’s own bug')])
  })

  it('are logged as one line naming the code that was answered', async () => {
    const running = await startApp()
    await running.browser.get(stateless(running))
    expect(running.log).toEqual([
      expect.stringMatching(/^alipay-auth: callback: ALIPAY_STATE_MISSING/),
    ])
  })
})
