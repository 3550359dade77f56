import assert from 'node:assert/strict'
import { ScenarioBrowser } from '../browser.js'
import {
  type AdapterScenario,
  assertErrorResponse,
  authorizeAndConsent,
  defaults,
  type ScenarioContext,
  withApp,
} from '../context.js'
import { adapterErrorCodes } from '../harness.js'
import { defaultMerchant, type ScenarioWorld } from '../world.js'

/**
 * Completes an authorization, then opens the same callback URL again: with the browser's cookies
 * as they are after the first callback, or (`withFirstCookie`) as they were before it.
 */
function replayScenario(
  name: string,
  withFirstCookie: boolean,
  expectReplay: (context: ScenarioContext, replay: Response) => Promise<void>,
): AdapterScenario {
  return {
    name,
    run: async (harness) => {
      let authorized = 0
      const options = (world: ScenarioWorld) => ({
        ...world.appAuthOptions(),
        onAuthorized: () => void authorized++,
      })
      await withApp(harness, options, async (context) => {
        const callback = await authorizeAndConsent(context)
        const before = new ScenarioBrowser(context.app.baseUrl)
        before.copyCookiesFrom(context.browser)
        assert.equal((await context.browser.get(callback)).status, 200)
        if (withFirstCookie) context.browser.copyCookiesFrom(before)
        await expectReplay(context, await context.browser.get(callback))
        assert.equal(context.world.codeExchanges, 1, 'the code must not be exchanged again')
        assert.equal(authorized, 1, 'onAuthorized must not run for the replay')
        assert.equal((await context.app.appAuth.listMerchants()).length, 1)
      })
    },
  }
}

/**
 * Core claims the code before it takes the state (packages/core/src/auth/code-exchange.ts), so
 * any second arrival of a code is a duplicate: it is never exchanged again, and only the browser
 * that made the first callback (same binding) is shown that callback's result.
 */
export const callbackReplayScenarios: AdapterScenario[] = [
  {
    name: 'a double-clicked callback exchanges the code once and answers the duplicate with 409 or success',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const callback = await authorizeAndConsent(context)
        const responses = await Promise.all([
          context.browser.get(callback),
          context.browser.get(callback),
        ])
        assert.equal(context.world.codeExchanges, 1)
        const statuses = responses.map((response) => response.status).sort((a, b) => a - b)
        assert.equal(statuses[0], 200, 'one of the two must succeed')
        const duplicate = responses.find((response) => response.status !== 200)
        if (duplicate) {
          await assertErrorResponse(context, duplicate, 409, adapterErrorCodes.duplicate)
        }
        assert.equal((await context.app.appAuth.listMerchants()).length, 1)
      }),
  },
  replayScenario(
    'opening a completed callback URL again exchanges nothing and answers 409 ALIPAY_DUPLICATE_CALLBACK',
    false,
    async (context, replay) => {
      await assertErrorResponse(context, replay, 409, adapterErrorCodes.duplicate)
    },
  ),
  replayScenario(
    'replaying a completed callback with the state cookie that completed it shows the success again, without a second exchange',
    true,
    async (_context, replay) => {
      assert.equal(replay.status, 200)
      assert.ok((await replay.text()).includes(defaultMerchant.authAppId))
    },
  ),
]
