import assert from 'node:assert/strict'
import { AppAuth } from '@alipay-isv/core'
import { createCookieSigner } from '@alipay-isv/core/adapter'
import { type AdapterScenario, authorizeAndConsent, withApp } from '../context.js'
import type { AdapterHarness, ScenarioAppOptions } from '../harness.js'
import { ScenarioWorld } from '../world.js'

const cookieSecret = 'scenario-cookie-secret-0123456789-abcdef'

/**
 * Each case breaks one adapter option. Every adapter refuses it at startup with the same
 * message, from core's shared validator: `<package>: option "<name>" must be <rule>; got …`.
 */
const badOptions: Array<{ option: string; rule: string; change: Record<string, unknown> }> = [
  { option: 'prefix', rule: 'a path such as "/alipay"', change: { prefix: 'alipay' } },
  { option: 'prefix', rule: '(no trailing slash)', change: { prefix: '/alipay/' } },
  { option: 'routes', rule: 'an object such as', change: { routes: 'none' } },
  {
    option: 'routes.callback',
    rule: 'a path such as "/callback"',
    change: { routes: { callback: 42 } },
  },
  {
    option: 'routes.notify',
    rule: 'or false to switch the route off',
    change: { routes: { notify: true } },
  },
  {
    option: 'routes.callback',
    rule: "a path other than routes.authorize's",
    change: { routes: { callback: '/authorize' } },
  },
  { option: 'onAuthorized', rule: 'a function', change: { onAuthorized: 'yes' } },
  { option: 'successRedirect', rule: 'a non-empty URL or path', change: { successRedirect: '' } },
  { option: 'cookieName', rule: 'a cookie name', change: { cookieName: 'bad;name' } },
  { option: 'logEvents', rule: 'true or false', change: { logEvents: 'off' } },
  {
    option: 'cookieSecret',
    rule: 'a string of at least 32 characters',
    change: { cookieSecret: 'too-short-secret' },
  },
  { option: 'cookieSecret', rule: 'a non-empty array of them', change: { cookieSecret: [] } },
  { option: 'appAuth', rule: 'an AppAuth instance', change: { appAuth: { getToken: () => 'x' } } },
  { option: 'invites', rule: 'true or false', change: { invites: 'yes' } },
  { option: 'errorDetail', rule: 'true or false', change: { errorDetail: 'yes' } },
  {
    option: 'context',
    rule: 'a function (request) => a JSON value',
    change: { context: { id: 1 } },
  },
]

async function startupRejection(harness: AdapterHarness, options: unknown): Promise<Error> {
  let rejection: Error | undefined
  await harness.startApp(options as ScenarioAppOptions).then(
    (app) => app.close(),
    (error: Error) => {
      rejection = error
    },
  )
  assert.ok(rejection, 'the adapter started with an option it should refuse')
  return rejection
}

export const optionScenarios: AdapterScenario[] = [
  ...badOptions.map(({ option, rule, change }) => ({
    name: `${option} set to ${JSON.stringify(Object.values(change)[0])} is refused at startup with the shared message`,
    run: async (harness: AdapterHarness) => {
      const options = { ...new ScenarioWorld().appAuthOptions(), ...change }
      const { message } = await startupRejection(harness, options)
      assert.ok(
        message.startsWith(`${harness.packageName}: option "${option}" must be`),
        `"${message}" should start with the package and name ${option}`,
      )
      assert.ok(message.includes(rule), `"${message}" should say ${rule}`)
    },
  })),
  ...[
    { option: 'appId', change: { appId: undefined } },
    { option: 'redirectUri', change: { redirectUri: 'not a url' } },
    { option: 'invitesPerMinute', change: { invitesPerMinute: 0 } },
    { option: 'qrStartsPerMinute', change: { qrStartsPerMinute: 1.5 } },
  ].map(({ option, change }) => ({
    name: `a bad AppAuth option (${option}) is refused at startup with a message naming it`,
    run: async (harness: AdapterHarness) => {
      const options = { ...new ScenarioWorld().appAuthOptions(), ...change }
      const { message } = await startupRejection(harness, options)
      assert.ok(message.includes(option), `"${message}" should name ${option}`)
    },
  })),
  {
    name: 'a refused cookieSecret is never echoed in the message',
    run: async (harness) => {
      const secret = 'my-short-secret'
      const options = {
        ...new ScenarioWorld().appAuthOptions(),
        cookieSecret: [cookieSecret, secret],
      }
      const { message } = await startupRejection(harness, options)
      assert.ok(!message.includes(secret), `"${message}" echoes the secret`)
    },
  },
  {
    name: 'an appAuth instance together with AppAuth options is refused, asking for one of them',
    run: async (harness) => {
      const options = new ScenarioWorld().appAuthOptions()
      const { message } = await startupRejection(harness, {
        ...options,
        appAuth: new AppAuth(options),
      })
      assert.ok(message.startsWith(`${harness.packageName}: give either "appAuth"`), message)
    },
  },
  {
    name: 'prefix "" serves the routes at the root',
    run: (harness) =>
      withApp(
        harness,
        (world) => ({ ...world.appAuthOptions('/callback'), prefix: '' }),
        async (context) => {
          const callback = await authorizeAndConsent(context, context.browser, '/authorize')
          assert.equal((await context.browser.get(callback)).status, 200)
          assert.equal((await context.app.appAuth.listMerchants()).length, 1)
        },
      ),
  },
  {
    name: 'cookieSecret signs the state cookie (HMAC-SHA256, value.mac) and the flow completes',
    run: (harness) =>
      withApp(
        harness,
        (world) => ({ ...world.appAuthOptions(), cookieSecret }),
        async (context) => {
          const callback = await authorizeAndConsent(context)
          const cookie = decodeURIComponent(context.browser.cookie('alipay_auth_state') ?? '')
          assert.ok(createCookieSigner(cookieSecret).unsign(cookie), `${cookie} is not signed`)
          assert.equal((await context.browser.get(callback)).status, 200)
        },
      ),
  },
]
