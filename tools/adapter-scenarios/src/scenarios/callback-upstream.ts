import assert from 'node:assert/strict'
import {
  type AdapterScenario,
  assertErrorResponse,
  authorizeAndConsent,
  defaults,
  withApp,
} from '../context.js'

const refusedFetch: typeof fetch = async () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
    code: 'ECONNREFUSED',
  })
  throw new TypeError('fetch failed', { cause: refused })
}

export const callbackUpstreamScenarios: AdapterScenario[] = [
  {
    name: 'a code Alipay rejects as invalid answers 400 ALIPAY_CODE_INVALID and stores nothing',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const callback = new URL(await authorizeAndConsent(context))
        callback.searchParams.set('app_auth_code', 'code_never_issued')
        const response = await context.browser.get(callback.toString())
        await assertErrorResponse(context, response, 400, 'ALIPAY_CODE_INVALID')
        assert.deepEqual(await context.app.appAuth.listMerchants(), [])
      }),
  },
  {
    name: 'an Alipay answer whose signature does not verify answers 502 and stores nothing',
    run: (harness) =>
      withApp(
        harness,
        (world) => ({ ...world.appAuthOptions(), alipayPublicKey: world.keys.stranger.publicKey }),
        async (context) => {
          const response = await context.browser.get(await authorizeAndConsent(context))
          await assertErrorResponse(context, response, 502, 'ALIPAY_UNTRUSTED_RESPONSE')
          assert.equal(context.world.codeExchanges, 1)
          assert.deepEqual(await context.app.appAuth.listMerchants(), [])
        },
      ),
  },
  {
    name: 'an unreachable Alipay answers 502 ALIPAY_UNREACHABLE and stores nothing',
    run: (harness) =>
      withApp(
        harness,
        (world) => ({ ...world.appAuthOptions(), fetch: refusedFetch }),
        async (context) => {
          const response = await context.browser.get(await authorizeAndConsent(context))
          await assertErrorResponse(context, response, 502, 'ALIPAY_UNREACHABLE')
          assert.deepEqual(await context.app.appAuth.listMerchants(), [])
        },
      ),
  },
]
