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
import { defaultMerchant, type ScenarioWorld } from '../world.js'

/**
 * Completes an authorization, then opens the same callback URL again, `after` ms later, in the
 * same browser or (`elsewhere`) in a browser without its cookie.
 */
function replayScenario(
  name: string,
  replay: { elsewhere: boolean; after?: number },
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
        assert.equal((await context.browser.get(callback)).status, 200)
        context.world.advance(replay.after ?? 0)
        const browser = replay.elsewhere
          ? new ScenarioBrowser(context.app.baseUrl)
          : context.browser
        await expectReplay(context, await browser.get(callback))
        assert.equal(context.world.codeExchanges, 1, 'the code must not be exchanged again')
        assert.equal(authorized, 1, 'onAuthorized must not run for the replay')
        assert.equal((await context.app.appAuth.listMerchants()).length, 1)
      })
    },
  }
}

/**
 * A passing callback claims its code (under a hash of it) before it is exchanged, so any second
 * arrival of a code is a duplicate: it is never exchanged again, and only the browser that made
 * the first callback (same binding) is shown that callback's result.
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
          await assertErrorResponse(context, duplicate, 409, 'ALIPAY_DUPLICATE_CALLBACK')
        }
        assert.equal((await context.app.appAuth.listMerchants()).length, 1)
      }),
  },
  {
    name: '20 identical concurrent callbacks make exactly one exchange',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const callback = await authorizeAndConsent(context)
        const responses = await Promise.all(
          Array.from({ length: 20 }, () => context.browser.get(callback)),
        )
        assert.equal(context.world.codeExchanges, 1)
        for (const response of responses) assert.ok([200, 409].includes(response.status))
        assert.ok(responses.some((response) => response.status === 200))
      }),
  },
  replayScenario(
    'opening a completed callback URL in another browser exchanges nothing and answers 409 ALIPAY_DUPLICATE_CALLBACK',
    { elsewhere: true },
    async (context, replay) => {
      await assertErrorResponse(context, replay, 409, 'ALIPAY_DUPLICATE_CALLBACK')
    },
  ),
  replayScenario(
    'a replay elsewhere 23 hours later is still a duplicate, answered without calling Alipay',
    { elsewhere: true, after: 23 * 60 * 60_000 },
    async (context, replay) => {
      await assertErrorResponse(context, replay, 409, 'ALIPAY_DUPLICATE_CALLBACK')
    },
  ),
  replayScenario(
    'opening a completed callback again in the same browser shows the success again, without a second exchange',
    { elsewhere: false },
    async (_context, replay) => {
      assert.equal(replay.status, 200)
      assert.ok((await replay.text()).includes(defaultMerchant.authAppId))
    },
  ),
]
