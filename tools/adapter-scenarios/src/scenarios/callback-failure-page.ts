import assert from 'node:assert/strict'
import {
  type AdapterScenario,
  assertErrorResponse,
  authorizeAndConsent,
  defaults,
  type ScenarioContext,
  withApp,
} from '../context.js'

/** What Chromium sends when it follows Alipay's redirect to the callback. */
export const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

/** A callback whose state has expired: the failure a merchant most often meets. */
async function expiredCallback(context: ScenarioContext): Promise<string> {
  const callback = await authorizeAndConsent(context)
  context.world.advance(11 * 60_000)
  return callback
}

/**
 * Alipay redirects the merchant's browser to the callback (docs/protocol.md §1 step 2): a person
 * reads a failure there, so a request that accepts HTML gets a page; programs keep the JSON error.
 */
export const callbackFailurePageScenarios: AdapterScenario[] = [
  {
    name: 'a failed callback opened in a browser (Accept: text/html) answers its status and stable code as an HTML page linking to the authorize route',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const callback = await expiredCallback(context)
        const response = await context.browser.get(callback, { accept: browserAccept })
        assert.equal(response.status, 400)
        assert.match(response.headers.get('content-type') ?? '', /^text\/html/)
        const html = await response.text()
        const code = 'ALIPAY_STATE_EXPIRED'
        assert.ok(html.includes(`<strong id="error-code">${code}</strong>`), html)
        assert.ok(html.includes('<a href="/alipay/authorize">'), 'a link to start again')
      }),
  },
  {
    name: 'a failed callback requested without Accept: text/html still answers the error as the adapter always did',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const callback = await expiredCallback(context)
        const response = await context.browser.get(callback, { accept: 'application/json' })
        const code = 'ALIPAY_STATE_EXPIRED'
        await assertErrorResponse(context, response, 400, code)
      }),
  },
  {
    name: 'the failure page speaks to the merchant; the developer’s detail is on it only with the errorDetail option',
    run: async (harness) => {
      for (const errorDetail of [false, true]) {
        await withApp(
          harness,
          (world) => ({ ...defaults(world), errorDetail }),
          async (context) => {
            const callback = await expiredCallback(context)
            const response = await context.browser.get(callback, { accept: browserAccept })
            const html = await response.text()
            assert.equal(html.includes('id="error-detail"'), errorDetail, html)
            assert.ok(
              html.includes('This authorization has expired or was already completed.'),
              html,
            )
          },
        )
      }
    },
  },
]
