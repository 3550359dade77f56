import { describe, expect, it } from 'vitest'
import { startsKoaApps } from './support/koa-app.js'

const startApp = startsKoaApps()

describe('the log', () => {
  it('has one line per step of an authorization and per event, naming the merchant app and never its tokens', async () => {
    const running = await startApp()
    const authorize = await running.browser.get('/alipay/authorize')
    await running.browser.get(await running.world.consent(authorize.headers.get('location') ?? ''))
    const notify = running.world.authorizationNotify('n1')
    await running.browser.post('/alipay/notify', notify, 'application/x-www-form-urlencoded')

    expect(running.log).toEqual([
      expect.stringMatching(/^alipay-auth: authorize: /),
      expect.stringMatching(/^alipay-auth: codeExchanged authAppId=2021000000000001 /),
      expect.stringMatching(/^alipay-auth: callback: authorized merchant apps 2021000000000001 /),
      expect.stringMatching(/^alipay-auth: notificationReceived kind=\w+ notifyId=n1 /),
    ])
    const [merchant] = await running.middleware.appAuth.listMerchants()
    for (const line of running.log) {
      expect(line).not.toContain(merchant?.appAuthToken)
      expect(line).not.toContain(merchant?.appRefreshToken)
    }
  })
})
