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

/** Runs the flow up to the callback, lets `tamper` change the URL, and expects a 400 `code`. */
function rejectedCallback(
  name: string,
  code: string,
  tamper: (callback: URL, context: ScenarioContext) => void | Promise<void>,
  checkMessage?: (message: string) => void,
): AdapterScenario {
  return {
    name,
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const callback = new URL(await authorizeAndConsent(context))
        await tamper(callback, context)
        const response = await context.browser.get(callback.toString())
        checkMessage?.(await assertErrorResponse(context, response, 400, code))
        assert.equal(context.world.codeExchanges, 0, 'no code may be exchanged')
        assert.deepEqual(await context.app.appAuth.listMerchants(), [])
      }),
  }
}

export const callbackStateScenarios: AdapterScenario[] = [
  rejectedCallback(
    'a callback without state is rejected with ALIPAY_STATE_MISSING',
    adapterErrorCodes['missing-state'],
    (callback) => callback.searchParams.delete('state'),
  ),
  rejectedCallback(
    'a callback with a state this app never issued is rejected with ALIPAY_STATE_EXPIRED',
    adapterErrorCodes['unknown-or-expired-state'],
    (callback) => callback.searchParams.set('state', 'forged-state-0123456789abcdef'),
  ),
  rejectedCallback(
    'a callback after the state expired is rejected and tells the user to start again at the authorize route',
    adapterErrorCodes['unknown-or-expired-state'],
    (_callback, context) => context.world.advance(11 * 60_000),
    (message) =>
      assert.ok(
        message.includes('/alipay/authorize'),
        `"${message}" should name /alipay/authorize`,
      ),
  ),
  rejectedCallback(
    'a callback opened in a browser without the state cookie is rejected as a browser mismatch',
    adapterErrorCodes['browser-mismatch'],
    (_callback, context) =>
      context.browser.copyCookiesFrom(new ScenarioBrowser(context.app.baseUrl)),
  ),
  rejectedCallback(
    'a callback carrying the state cookie of another browser is rejected as a browser mismatch',
    adapterErrorCodes['browser-mismatch'],
    async (_callback, context) => {
      const other = new ScenarioBrowser(context.app.baseUrl)
      await other.get('/alipay/authorize')
      context.browser.copyCookiesFrom(other)
    },
  ),
  rejectedCallback(
    'a callback whose state cookie was tampered with is rejected as a browser mismatch',
    adapterErrorCodes['browser-mismatch'],
    (_callback, context) => context.browser.setCookie('alipay_auth_state', 'forged.signature'),
  ),
  rejectedCallback(
    'a callback for another app id is rejected with ALIPAY_APP_ID_MISMATCH',
    adapterErrorCodes['app-id-mismatch'],
    (callback) => callback.searchParams.set('app_id', '2021000000009999'),
  ),
  rejectedCallback(
    'a callback without source=alipay_app_auth is rejected with ALIPAY_BAD_SOURCE',
    adapterErrorCodes['bad-source'],
    (callback) => callback.searchParams.set('source', 'somewhere_else'),
  ),
  rejectedCallback(
    'a callback without app_auth_code is rejected with ALIPAY_CODE_MISSING',
    adapterErrorCodes['missing-code'],
    (callback) => callback.searchParams.delete('app_auth_code'),
  ),
]
