import Router from '@koa/router'
import { describe, expect, it } from 'vitest'
import { type KoaTestApp, startsKoaApps } from './support/koa-app.js'

const startApp = startsKoaApps()

async function authorizeAndCallBack(test: KoaTestApp): Promise<Response> {
  const authorize = await test.browser.get('/alipay/authorize')
  expect(authorize.status).toBe(302)
  return test.browser.get(await test.world.consent(authorize.headers.get('location') ?? ''))
}

describe('alipayAuth with @koa/router', () => {
  it('mounted before the router, router handlers read the AppAuth from ctx.state', async () => {
    const running = await startApp({
      mount: (app, auth) => {
        const router = new Router()
        router.get('/merchants', async (ctx) => {
          const merchants = await ctx.state.alipayAuth.listMerchants()
          ctx.body = merchants.map((merchant) => merchant.authAppId)
        })
        app.use(auth).use(router.routes())
      },
    })
    expect((await authorizeAndCallBack(running)).status).toBe(200)
    const merchants = await running.browser.get('/merchants')
    expect(await merchants.json()).toEqual(['2021000000000001'])
  })

  it('registered on a router route that covers the prefix, the whole flow runs through the router', async () => {
    const running = await startApp({
      mount: (app, auth) => {
        const router = new Router()
        router.all('/alipay/:step', auth)
        router.get('/health', (ctx) => {
          ctx.body = 'ok'
        })
        app.use(router.routes())
      },
    })
    expect((await authorizeAndCallBack(running)).status).toBe(200)
    expect(await running.middleware.appAuth.listMerchants()).toHaveLength(1)
    expect(await (await running.browser.get('/health')).text()).toBe('ok')
  })

  it('inside a router with a prefix, the middleware prefix is the full path the browser sees', async () => {
    const running = await startApp({
      options: { prefix: '/api/alipay' },
      mount: (app, auth) => {
        const api = new Router({ prefix: '/api' })
        api.all('/alipay/:step', auth)
        app.use(api.routes())
      },
    })
    const authorize = await running.browser.get('/api/alipay/authorize')
    expect(authorize.status).toBe(302)
    expect(authorize.headers.get('set-cookie')).toContain('path=/api/alipay')
  })
})
