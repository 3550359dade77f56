import assert from 'node:assert/strict'
import { ScenarioBrowser } from '../browser.js'
import { type AdapterScenario, authorizeAndConsent, defaults, withApp } from '../context.js'

const second = { userId: '2088000000000002', authAppId: '2021000000000002' }

export const browserBindingScenarios: AdapterScenario[] = [
  {
    name: 'authorizations started in two tabs of one browser each complete, in either order',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const firstTab = await context.browser.get('/alipay/authorize')
        const secondTab = await context.browser.get('/alipay/authorize')
        const firstCallback = await context.world.consent(firstTab.headers.get('location') ?? '')
        const secondCallback = await context.world.consent(
          secondTab.headers.get('location') ?? '',
          second,
        )
        assert.equal((await context.browser.get(secondCallback)).status, 200)
        assert.equal((await context.browser.get(firstCallback)).status, 200)
        const merchants = await context.app.appAuth.listMerchants()
        assert.deepEqual(merchants.map((merchant) => merchant.authAppId).sort(), [
          '2021000000000001',
          second.authAppId,
        ])
      }),
  },
  {
    name: 'tossed cookies (a forged one and another browser’s, sent first) do not block the genuine callback',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const callback = await authorizeAndConsent(context)
        const attacker = new ScenarioBrowser(context.app.baseUrl)
        await attacker.get('/alipay/authorize')
        context.browser.plantCookie('alipay_auth_state', 'forged.signature')
        context.browser.plantCookie('alipay_auth_state', attacker.cookie('alipay_auth_state') ?? '')
        const response = await context.browser.get(callback)
        assert.equal(response.status, 200)
        assert.equal((await context.app.appAuth.listMerchants()).length, 1)
      }),
  },
  {
    name: 'an authorization started beside a tossed cookie gets a fresh binding and completes',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const attacker = new ScenarioBrowser(context.app.baseUrl)
        await attacker.get('/alipay/authorize')
        const planted = attacker.cookie('alipay_auth_state') ?? ''
        await context.browser.get('/alipay/authorize')
        context.browser.plantCookie('alipay_auth_state', planted)
        const callback = await authorizeAndConsent(context)
        assert.notEqual(context.browser.cookie('alipay_auth_state'), planted)
        assert.equal((await context.browser.get(callback)).status, 200)
        // The attacker's browser, whose binding was planted, cannot complete it.
        const stolen = await authorizeAndConsent(context)
        assert.equal((await attacker.get(stolen)).status, 400)
      }),
  },
]
