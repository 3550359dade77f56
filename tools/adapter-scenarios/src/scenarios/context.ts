import assert from 'node:assert/strict'
import type { JsonValue } from '@alipay-isv/core'
import {
  type AdapterScenario,
  authorizeAndConsent,
  recordingOnAuthorized,
  withApp,
} from '../context.js'
import { defaultMerchant, type ScenarioWorld } from '../world.js'

const tenant = { tenantId: 'acme', plan: 'pro', seats: [1, 2] }

/** The app's context option: what the ISV reads from its own session at the authorize route. */
const withContext = (context: () => unknown) => (world: ScenarioWorld) => ({
  ...world.appAuthOptions(),
  context: context as () => JsonValue,
})

export const contextScenarios: AdapterScenario[] = [
  {
    name: 'context(request) travels with the state onto the merchant record and into onAuthorized, and survives a refresh and a notification',
    run: async (harness) => {
      const { calls: seen, options } = recordingOnAuthorized({ context: async () => tenant })
      await withApp(harness, options, async (context) => {
        const response = await context.browser.get(await authorizeAndConsent(context))
        assert.equal(response.status, 200)
        assert.deepEqual(seen[0]?.[0]?.context, tenant)
        assert.equal(seen[0]?.[0]?.via, 'browser')
        const { appAuth } = context.app
        await appAuth.refresh(defaultMerchant.authAppId)
        context.world.advance(60_000)
        const notified = await context.browser.post(
          '/alipay/notify',
          context.world.authorizationNotify('notify-context-1'),
          'application/x-www-form-urlencoded',
        )
        assert.equal(await notified.text(), 'success')
        const record = await appAuth.getMerchant(defaultMerchant.authAppId)
        assert.deepEqual(record?.context, tenant)
        assert.equal(record?.via, 'browser')
      })
    },
  },
  {
    name: 'a context too large or not JSON is refused at the authorize route with a 500, before anything is stored',
    run: async (harness) => {
      for (const bad of [{ notes: 'x'.repeat(5000) }, { at: new Date(0) }, { n: 1n }]) {
        await withApp(
          harness,
          withContext(() => bad),
          async (context) => {
            const response = await context.browser.get('/alipay/authorize')
            assert.equal(response.status, 500)
            assert.equal(response.headers.get('location'), null)
            assert.equal(response.headers.get('set-cookie'), null)
          },
        )
      }
    },
  },
]
