import assert from 'node:assert/strict'
import { AppAuth, type MerchantToken } from '@alipay-isv/core'
import { type AdapterScenario, authorizeAndConsent, defaults, withApp } from '../context.js'
import { defaultMerchant } from '../world.js'

export const callbackSuccessScenarios: AdapterScenario[] = [
  {
    name: 'a full authorization stores the merchant token and renders a page listing the merchant',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const response = await context.browser.get(await authorizeAndConsent(context))
        assert.equal(response.status, 200)
        assert.match(response.headers.get('content-type') ?? '', /^text\/html/)
        assert.ok((await response.text()).includes(defaultMerchant.authAppId))
        const [stored] = await context.app.appAuth.listMerchants()
        assert.equal(stored?.authAppId, defaultMerchant.authAppId)
        assert.equal(stored?.userId, defaultMerchant.userId)
        assert.equal(
          await context.app.appAuth.getToken(defaultMerchant.authAppId),
          stored?.appAuthToken,
        )
      }),
  },
  {
    name: 'the state cookie identifies the browser: the callback keeps it and the next authorization reuses it',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const callbackUrl = await authorizeAndConsent(context)
        const cookie = context.browser.cookie('alipay_auth_state')
        assert.ok(cookie)
        assert.equal((await context.browser.get(callbackUrl)).status, 200)
        assert.equal(context.browser.cookie('alipay_auth_state'), cookie)
        await context.browser.get('/alipay/authorize')
        assert.equal(context.browser.cookie('alipay_auth_state'), cookie)
      }),
  },
  {
    name: 'onAuthorized receives the authorized merchants before the browser is answered',
    run: async (harness) => {
      const seen: MerchantToken[][] = []
      await withApp(
        harness,
        (world) => ({
          ...world.appAuthOptions(),
          onAuthorized: (merchants) => void seen.push(merchants),
        }),
        async (context) => {
          await context.browser.get(await authorizeAndConsent(context))
          assert.equal(seen.length, 1)
          assert.deepEqual(
            seen[0]?.map((merchant) => merchant.authAppId),
            [defaultMerchant.authAppId],
          )
          assert.equal(seen[0]?.[0]?.via, 'browser')
        },
      )
    },
  },
  {
    name: 'with successRedirect the callback redirects there after storing the token',
    run: (harness) =>
      withApp(
        harness,
        (world) => ({ ...world.appAuthOptions(), successRedirect: '/merchants?welcome=1' }),
        async (context) => {
          const response = await context.browser.get(await authorizeAndConsent(context))
          assert.equal(response.status, 302)
          assert.equal(response.headers.get('location'), '/merchants?welcome=1')
          assert.equal((await context.app.appAuth.listMerchants()).length, 1)
        },
      ),
  },
  {
    name: 'the default success page escapes the merchant ids it prints',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const location = (await context.browser.get('/alipay/authorize')).headers.get('location')
        const hostile = { userId: '2088000000000002', authAppId: '<img src=x onerror=alert(1)>' }
        const response = await context.browser.get(
          await context.world.consent(location ?? '', hostile),
        )
        const html = await response.text()
        assert.ok(!html.includes('<img'), 'raw markup from Alipay must not reach the page')
        assert.ok(html.includes('&lt;img'))
      }),
  },
  {
    name: 'an existing AppAuth instance passed as appAuth is the one the routes use',
    run: async (harness) => {
      let instance: AppAuth | undefined
      await withApp(
        harness,
        (world) => {
          instance = new AppAuth(world.appAuthOptions())
          return { appAuth: instance }
        },
        async (context) => {
          assert.equal(context.app.appAuth, instance)
          await context.browser.get(await authorizeAndConsent(context))
          assert.equal((await instance?.listMerchants())?.length, 1)
        },
      )
    },
  },
]
