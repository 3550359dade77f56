import assert from 'node:assert/strict'
import { type AdapterScenario, authorizeAndConsent, withApp } from '../context.js'

export const routeScenarios: AdapterScenario[] = [
  {
    name: 'a route switched off with false answers 404 while the others still work',
    run: (harness) =>
      withApp(
        harness,
        (world) => ({ ...world.appAuthOptions(), routes: { notify: false } }),
        async ({ browser, world }) => {
          const notify = await browser.post(
            '/alipay/notify',
            world.authorizationNotify('n1'),
            'application/x-www-form-urlencoded',
          )
          assert.equal(notify.status, 404)
          assert.equal((await browser.get('/alipay/authorize')).status, 302)
        },
      ),
  },
  {
    name: 'routes move with prefix and per-route paths, and the cookie follows the prefix',
    run: (harness) =>
      withApp(
        harness,
        (world) => ({
          ...world.appAuthOptions('/isv/auth/back'),
          prefix: '/isv/auth',
          routes: { authorize: '/start', callback: '/back' },
        }),
        async (context) => {
          assert.equal((await context.browser.get('/alipay/authorize')).status, 404)
          const callback = await authorizeAndConsent(context, context.browser, '/isv/auth/start')
          assert.equal(new URL(callback).pathname, '/isv/auth/back')
          const response = await context.browser.get(callback)
          assert.equal(response.status, 200)
          assert.equal((await context.app.appAuth.listMerchants()).length, 1)
        },
      ),
  },
]
