import assert from 'node:assert/strict'
import { AlipayStoreUnavailableError, MemoryStore } from '@alipay-isv/core'
import {
  type AdapterScenario,
  assertRouteErrorJson,
  authorizeAndConsent,
  freshBrowser,
  withApp,
} from '../context.js'
import { browserAccept } from './callback-failure-page.js'
import { qrPath, startQr } from './qr-support.js'

/** What a store says when it fails: its address and lock, for the operator's log only. */
const STORE_DETAILS = 'RedisStore: Redis at 10.9.8.7:6390 is unreachable (lock /srv/alipay/.lock)'

/** A MemoryStore that, once `down`, fails every call as a store out of reach does. */
class UnreachableStore extends MemoryStore {
  down = false
}
for (const method of ['get', 'set', 'list', 'put', 'take', 'peek', 'claim', 'isClaimed'] as const) {
  const working = MemoryStore.prototype[method] as (...args: unknown[]) => Promise<unknown>
  Object.defineProperty(UnreachableStore.prototype, method, {
    value(this: UnreachableStore, ...args: unknown[]) {
      if (this.down) return Promise.reject(new AlipayStoreUnavailableError(STORE_DETAILS))
      return working.apply(this, args)
    },
  })
}

function assertNoInternals(text: string): void {
  for (const internal of ['10.9.8.7', ':6390', '/srv/alipay', 'RedisStore']) {
    assert.ok(!text.includes(internal), `the answer shows "${internal}": ${text.slice(0, 300)}`)
  }
}

export const storeUnavailableScenarios: AdapterScenario[] = [
  {
    name: 'a store failing during a request answers 503 ALIPAY_STORE_UNAVAILABLE with Retry-After, as JSON or a page as asked, on every route, nothing of the store in it and its details in the log',
    run: async (harness) => {
      const store = new UnreachableStore()
      await withApp(
        harness,
        (world) => ({ ...world.appAuthOptions(), store, context: () => ({ tenant: 't' }) }),
        async (context) => {
          const callback = await authorizeAndConsent(context)
          const qr = await startQr(context)
          store.down = true
          const json = 'application/json'
          const notify = context.world.authorizationNotify('n-1')
          const form = 'application/x-www-form-urlencoded'
          // Each route, and what its client asks for: a browser's page, or a program's JSON.
          const requests: Array<[string, string, (accept: string) => Promise<Response>]> = [
            ['callback', browserAccept, (accept) => context.browser.get(callback, { accept })],
            ['callback', json, (accept) => context.browser.get(callback, { accept })],
            [
              'authorize',
              browserAccept,
              (accept) => freshBrowser(context).get('/alipay/authorize', { accept }),
            ],
            ['QR start', json, (accept) => context.browser.get(qrPath, { accept })],
            ['QR link', browserAccept, (accept) => freshBrowser(context).get(qr.url, { accept })],
            ['QR status', json, (accept) => context.browser.get(qr.status_url, { accept })],
            ['notify', json, () => context.browser.post('/alipay/notify', notify, form)],
          ]
          for (const [route, accept, send] of requests) {
            const response = await send(accept)
            const text = await response.text()
            assert.equal(response.status, 503, `${route}: ${text.slice(0, 200)}`)
            assert.equal(response.headers.get('retry-after'), '5', route)
            assertNoInternals(text)
            const type = response.headers.get('content-type') ?? ''
            if (accept === browserAccept) {
              assert.match(type, /^text\/html/, route)
              assert.match(text, /ALIPAY_STORE_UNAVAILABLE/, route)
              // "Try again in a moment": the same link works then, so no button to start over.
              assert.doesNotMatch(text, /Start the authorization again/, route)
            } else {
              assert.match(type, /^application\/json/, route)
              const expected = {
                statusCode: 503,
                code: 'ALIPAY_STORE_UNAVAILABLE',
                error: 'Service Unavailable',
              }
              assertRouteErrorJson(text, expected, route)
            }
          }
          assert.match(context.app.logText(), /10\.9\.8\.7:6390/)
        },
      )
    },
  },
]
