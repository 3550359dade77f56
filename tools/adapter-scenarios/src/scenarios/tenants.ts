import assert from 'node:assert/strict'
import { ScenarioBrowser } from '../browser.js'
import {
  type AdapterScenario,
  assertErrorResponse,
  authorizeAndConsent,
  type ScenarioContext,
  withApp,
} from '../context.js'
import { defaultMerchant, type ScenarioWorld } from '../world.js'
import { browserAccept } from './callback-failure-page.js'

/** Each customer of the ISV signs in to its own session; the example reads it from a header. */
const tenantOf = (request: unknown) => ({
  tenant: String((request as { headers: Record<string, unknown> }).headers['x-tenant']),
})

const byTenant = (world: ScenarioWorld) => ({ ...world.appAuthOptions(), context: tenantOf })

/** A browser signed in as `tenant`: every request carries its session. */
function session(context: ScenarioContext, tenant: string) {
  const browser = new ScenarioBrowser(context.app.baseUrl)
  const headers = { 'x-tenant': tenant }
  return {
    browser,
    /** Starts an authorization and brings back the callback Alipay sends for the merchant. */
    callback: () => authorizeAndConsent(context, withHeaders(browser, headers)),
    get: (url: string, accept: string) => browser.get(url, { ...headers, accept }),
  }
}

function withHeaders(browser: ScenarioBrowser, headers: Record<string, string>): ScenarioBrowser {
  return Object.assign(Object.create(browser) as ScenarioBrowser, {
    get: (target: string, more?: Record<string, string>) =>
      browser.get(target, { ...headers, ...more }),
  })
}

export const tenantScenarios: AdapterScenario[] = [
  {
    name: 'a leaked code for a merchant of one customer, redeemed in another customer’s session, is refused 409 ALIPAY_CONTEXT_CHANGE_REFUSED (JSON and page) and the record is unchanged',
    run: (harness) =>
      withApp(harness, byTenant, async (context) => {
        const victim = session(context, 'victim')
        const authorized = await victim.get(await victim.callback(), browserAccept)
        assert.equal(authorized.status, 200)
        const { appAuth } = context.app
        const before = await appAuth.getMerchant(defaultMerchant.authAppId)
        assert.deepEqual(before?.context, { tenant: 'victim' })

        // The attacker's own state and cookie; the code Alipay issued is the merchant's.
        const attacker = session(context, 'attacker')
        const asJson = await attacker.get(await attacker.callback(), 'application/json')
        await assertErrorResponse(context, asJson, 409, 'ALIPAY_CONTEXT_CHANGE_REFUSED')
        const asPage = await attacker.get(await attacker.callback(), browserAccept)
        assert.equal(asPage.status, 409)
        assert.match(asPage.headers.get('content-type') ?? '', /^text\/html/)
        const page = await asPage.text()
        assert.match(page, /ALIPAY_CONTEXT_CHANGE_REFUSED/)
        assert.match(page, /already authorized for another account/)

        assert.deepEqual(await appAuth.getMerchant(defaultMerchant.authAppId), before)
      }),
  },
  {
    name: 'with onContextChange: "replace" the merchant moves to the customer who authorized last',
    run: (harness) =>
      withApp(
        harness,
        (world) => ({ ...byTenant(world), onContextChange: 'replace' }),
        async (context) => {
          for (const tenant of ['first', 'second']) {
            const customer = session(context, tenant)
            assert.equal((await customer.get(await customer.callback(), browserAccept)).status, 200)
          }
          const record = await context.app.appAuth.getMerchant(defaultMerchant.authAppId)
          assert.deepEqual(record?.context, { tenant: 'second' })
        },
      ),
  },
]
