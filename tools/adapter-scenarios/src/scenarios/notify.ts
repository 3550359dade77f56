import assert from 'node:assert/strict'
import { AlipayReauthorizationRequiredError } from '@alipay-isv/core'
import type { ScenarioBrowser } from '../browser.js'
import { type AdapterScenario, defaults, withApp } from '../context.js'
import { defaultMerchant } from '../world.js'

const form = 'application/x-www-form-urlencoded'

/**
 * Alipay reads the plain-text body: exactly `success`, or anything else to retry (docs/protocol.md
 * §7).
 */
async function postNotify(browser: ScenarioBrowser, body: string, expected: 'success' | 'fail') {
  const response = await browser.post('/alipay/notify', body, form)
  assert.equal(response.status, expected === 'success' ? 200 : 400)
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain/)
  assert.equal(await response.text(), expected)
}

export const notifyScenarios: AdapterScenario[] = [
  {
    name: 'a signed authorization notification answers success and stores the merchant token',
    run: (harness) =>
      withApp(harness, defaults, async ({ browser, world, app }) => {
        await postNotify(browser, world.authorizationNotify('n1'), 'success')
        const [stored] = await app.appAuth.listMerchants()
        assert.equal(stored?.authAppId, defaultMerchant.authAppId)
      }),
  },
  {
    name: 'a notification with a forged signature answers fail and stores nothing',
    run: (harness) =>
      withApp(harness, defaults, async ({ browser, world, app }) => {
        const forged = new URLSearchParams(world.authorizationNotify('n1'))
        forged.set('auth_app_id', '2021000000006666')
        await postNotify(browser, forged.toString(), 'fail')
        assert.deepEqual(await app.appAuth.listMerchants(), [])
      }),
  },
  {
    name: 'the same notification delivered twice answers success both times',
    run: (harness) =>
      withApp(harness, defaults, async ({ browser, world, app }) => {
        const body = world.authorizationNotify('n1')
        await postNotify(browser, body, 'success')
        await postNotify(browser, body, 'success')
        assert.equal((await app.appAuth.listMerchants()).length, 1)
      }),
  },
  {
    name: 'a cancellation notification answers success and removes access to the merchant',
    run: (harness) =>
      withApp(harness, defaults, async ({ browser, world, app }) => {
        await postNotify(browser, world.authorizationNotify('n1'), 'success')
        assert.ok(await app.appAuth.getToken(defaultMerchant.authAppId))
        await postNotify(browser, world.cancellationNotify('n2'), 'success')
        await assert.rejects(
          app.appAuth.getToken(defaultMerchant.authAppId),
          AlipayReauthorizationRequiredError,
        )
      }),
  },
  {
    name: 'an authorization notification signed by Alipay but more than 48 hours old, for a merchant not stored, answers success and stores nothing',
    run: (harness) =>
      withApp(harness, defaults, async ({ browser, world, app }) => {
        const body = world.authorizationNotify('n-old')
        world.advance(49 * 3600_000)
        // Acknowledged, or Alipay would send it again; too old to stand for a fresh authorization.
        await postNotify(browser, body, 'success')
        assert.deepEqual(await app.appAuth.listMerchants(), [])
      }),
  },
  {
    name: 'a notification body that is not a form answers fail',
    run: (harness) =>
      withApp(harness, defaults, async ({ browser }) => {
        await postNotify(browser, 'not=a&signed=notification', 'fail')
      }),
  },
]
