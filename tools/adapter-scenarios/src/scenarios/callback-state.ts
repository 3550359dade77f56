import assert from 'node:assert/strict'
import type { ScenarioBrowser } from '../browser.js'
import {
  type AdapterScenario,
  assertErrorResponse,
  authorizeAndConsent,
  defaults,
  freshBrowser,
  type ScenarioContext,
  withApp,
} from '../context.js'

type Tamper = (
  callback: URL,
  context: ScenarioContext,
) => ScenarioBrowser | undefined | Promise<ScenarioBrowser | undefined>

/**
 * Runs the flow up to the callback, lets `tamper` change the URL (or return another browser to
 * open it in), and expects a 400 `code` that exchanged and stored nothing. Unless the state has
 * expired, the genuine callback then still succeeds: a refused request consumes nothing.
 */
function rejectedCallback(
  name: string,
  code: string,
  tamper: Tamper,
  options: { checkMessage?: (message: string) => void; genuineSucceedsAfter?: boolean } = {},
): AdapterScenario {
  return {
    name,
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const genuine = await authorizeAndConsent(context)
        const callback = new URL(genuine)
        const browser = (await tamper(callback, context)) ?? context.browser
        const response = await browser.get(callback.toString())
        options.checkMessage?.(await assertErrorResponse(context, response, 400, code))
        assert.equal(context.world.codeExchanges, 0, 'no code may be exchanged')
        assert.deepEqual(await context.app.appAuth.listMerchants(), [])
        if (options.genuineSucceedsAfter === false) return
        const completed = await context.browser.get(genuine)
        assert.equal(completed.status, 200, 'the genuine callback must still succeed')
        assert.equal((await context.app.appAuth.listMerchants()).length, 1)
      }),
  }
}

/** Another browser, holding only a state cookie of `value`. */
function withStateCookie(context: ScenarioContext, value: string): ScenarioBrowser {
  const other = freshBrowser(context)
  other.setCookie('alipay_auth_state', value)
  return other
}

export const callbackStateScenarios: AdapterScenario[] = [
  rejectedCallback(
    'a callback without state is rejected with ALIPAY_STATE_MISSING, naming the invites option',
    'ALIPAY_STATE_MISSING',
    (callback) => void callback.searchParams.delete('state'),
    { checkMessage: (message) => assert.match(message, /`invites`/) },
  ),
  rejectedCallback(
    'a callback with a state this app never issued is rejected with ALIPAY_STATE_EXPIRED',
    'ALIPAY_STATE_EXPIRED',
    (callback) => void callback.searchParams.set('state', 'forged-state-0123456789abcdef'),
  ),
  rejectedCallback(
    'a callback after the state expired is rejected and tells the user to start again at the authorize route',
    'ALIPAY_STATE_EXPIRED',
    (_callback, context) => void context.world.advance(11 * 60_000),
    {
      checkMessage: (message) =>
        assert.ok(
          message.includes('/alipay/authorize'),
          `"${message}" should name /alipay/authorize`,
        ),
      genuineSucceedsAfter: false,
    },
  ),
  rejectedCallback(
    'a callback opened in a browser without the state cookie is rejected as a browser mismatch',
    'ALIPAY_STATE_BROWSER_MISMATCH',
    (_callback, context) => freshBrowser(context),
  ),
  rejectedCallback(
    'a callback carrying the state cookie of another browser is rejected as a browser mismatch',
    'ALIPAY_STATE_BROWSER_MISMATCH',
    async (_callback, context) => {
      const other = freshBrowser(context)
      await other.get('/alipay/authorize')
      return other
    },
  ),
  rejectedCallback(
    'a callback whose state cookie was tampered with is rejected as a browser mismatch',
    'ALIPAY_STATE_BROWSER_MISMATCH',
    (_callback, context) => withStateCookie(context, 'forged.signature'),
  ),
  rejectedCallback(
    'a callback without app_id is rejected with ALIPAY_APP_ID_MISSING, saying the parameter is missing',
    'ALIPAY_APP_ID_MISSING',
    (callback) => void callback.searchParams.delete('app_id'),
    { checkMessage: (message) => assert.match(message, /missing the app_id parameter/) },
  ),
  rejectedCallback(
    'a callback for another app id is rejected with ALIPAY_APP_ID_MISMATCH',
    'ALIPAY_APP_ID_MISMATCH',
    (callback) => void callback.searchParams.set('app_id', '2021000000009999'),
  ),
  rejectedCallback(
    'a callback without source=alipay_app_auth is rejected with ALIPAY_BAD_SOURCE',
    'ALIPAY_BAD_SOURCE',
    (callback) => void callback.searchParams.set('source', 'somewhere_else'),
  ),
  rejectedCallback(
    'a callback without app_auth_code is rejected with ALIPAY_CODE_MISSING',
    'ALIPAY_CODE_MISSING',
    (callback) => void callback.searchParams.delete('app_auth_code'),
  ),
  rejectedCallback(
    'a callback with an oversized app_auth_code is rejected with ALIPAY_CODE_MALFORMED',
    'ALIPAY_CODE_MALFORMED',
    (callback) => void callback.searchParams.set('app_auth_code', 'A'.repeat(8000)),
  ),
  rejectedCallback(
    'a callback with an app_auth_code Alipay never issues is rejected with ALIPAY_CODE_MALFORMED',
    'ALIPAY_CODE_MALFORMED',
    (callback) => void callback.searchParams.set('app_auth_code', '<script>alert(1)</script>'),
  ),
  ...['app_auth_code', 'state'].map((name) =>
    rejectedCallback(
      `a callback whose ${name} is repeated with another value is rejected with ALIPAY_PARAMETER_REPEATED`,
      'ALIPAY_PARAMETER_REPEATED',
      (callback) => void callback.searchParams.append(name, 'another-value'),
    ),
  ),
]
