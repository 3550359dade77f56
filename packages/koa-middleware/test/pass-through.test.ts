import { describe, expect, it } from 'vitest'
import { startsKoaApps } from './support/koa-app.js'

const startApp = startsKoaApps()

/** Mounts the middleware and, after it, a handler that reports whether it was reached. */
function withDownstream(options = {}) {
  return startApp({
    options,
    mount: (app, auth) => {
      app.use(auth)
      app.use((ctx) => {
        ctx.body = { reached: true, hasAppAuth: ctx.state.alipayAuth === auth.appAuth }
      })
    },
  })
}

describe('requests that are not for the middleware', () => {
  it('an unrelated path goes on to the next middleware with ctx.state.alipayAuth set', async () => {
    const running = await withDownstream()
    const response = await running.browser.get('/shop/orders')
    expect(await response.json()).toEqual({ reached: true, hasAppAuth: true })
  })

  it('a route path asked with another method goes on to the next middleware', async () => {
    const running = await withDownstream()
    const response = await running.browser.get('/alipay/notify')
    expect(await response.json()).toEqual({ reached: true, hasAppAuth: true })
  })

  it('a path that only starts like a route goes on to the next middleware', async () => {
    const running = await withDownstream()
    const response = await running.browser.get('/alipay/authorize/extra')
    expect(await response.json()).toEqual({ reached: true, hasAppAuth: true })
  })

  it('a switched-off route goes on to the next middleware, so the app may answer it itself', async () => {
    const running = await withDownstream({ routes: { authorize: false } })
    const response = await running.browser.get('/alipay/authorize')
    expect(await response.json()).toEqual({ reached: true, hasAppAuth: true })
  })
})
