import { describe, expect, it } from 'vitest'
import { startsKoaApps } from './support/koa-app.js'

const startApp = startsKoaApps()

function startReportingContext(exposeOnContext: boolean) {
  return startApp({
    options: { exposeOnContext },
    mount: (app, auth) => {
      app.use(auth)
      app.use((ctx) => {
        ctx.body = { onContext: ctx.alipayAuth === auth.appAuth, present: 'alipayAuth' in ctx }
      })
    },
  })
}

describe('exposeOnContext', () => {
  it('when true, puts the AppAuth on app.context so ctx.alipayAuth works in later middleware', async () => {
    const running = await startReportingContext(true)
    const response = await running.browser.get('/anything')
    expect(await response.json()).toEqual({ onContext: true, present: true })
    expect(running.app.context.alipayAuth).toBe(running.middleware.appAuth)
  })

  it('when false (the default), leaves the context alone', async () => {
    const running = await startReportingContext(false)
    const response = await running.browser.get('/anything')
    expect(await response.json()).toEqual({ onContext: false, present: false })
  })
})
