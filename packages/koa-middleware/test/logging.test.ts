import { describe, expect, it } from 'vitest'
import { startsKoaApps } from './support/koa-app.js'

const startApp = startsKoaApps()

describe('the log', () => {
  it('has one line per step of an authorization, naming the merchant app and never its tokens', async () => {
    const running = await startApp()
    const authorize = await running.browser.get('/alipay/authorize')
    await running.browser.get(await running.world.consent(authorize.headers.get('location') ?? ''))
    const notify = running.world.authorizationNotify('n1')
    await running.browser.post('/alipay/notify', notify, 'application/x-www-form-urlencoded')

    expect(running.log).toHaveLength(3)
    expect(running.log[1]).toContain('2021000000000001')
    const [merchant] = await running.middleware.appAuth.listMerchants()
    for (const line of running.log) {
      expect(line).not.toContain(merchant?.appAuthToken)
      expect(line).not.toContain(merchant?.appRefreshToken)
    }
  })
})
