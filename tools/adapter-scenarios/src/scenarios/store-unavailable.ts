import assert from 'node:assert/strict'
import { AlipayStoreUnavailableError, MemoryStore } from '@alipay-isv/core'
import { type AdapterScenario, authorizeAndConsent, freshBrowser, withApp } from '../context.js'
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
          const requests: Array<[string, () => Promise<Response>]> = [
            ['callback', () => context.browser.get(callback, { accept: browserAccept })],
            [
              'callback (JSON)',
              () => context.browser.get(callback, { accept: 'application/json' }),
            ],
            [
              'authorize',
              () => freshBrowser(context).get('/alipay/authorize', { accept: browserAccept }),
            ],
            ['QR start', () => context.browser.get(qrPath, { accept: 'application/json' })],
            ['QR link', () => freshBrowser(context).get(qr.url, { accept: browserAccept })],
            ['QR status', () => context.browser.get(qr.status_url, { accept: 'application/json' })],
            [
              'notify',
              () =>
                context.browser.post(
                  '/alipay/notify',
                  context.world.authorizationNotify('n-1'),
                  'application/x-www-form-urlencoded',
                ),
            ],
          ]
          for (const [route, send] of requests) {
            const response = await send()
            const text = await response.text()
            assert.equal(response.status, 503, `${route}: ${text.slice(0, 200)}`)
            assert.equal(response.headers.get('retry-after'), '5', route)
            assertNoInternals(text)
            if (/^text\/html/.test(response.headers.get('content-type') ?? '')) {
              assert.match(text, /ALIPAY_STORE_UNAVAILABLE/, route)
            } else {
              const body = JSON.parse(text) as Record<string, unknown>
              assert.deepEqual(
                { ...body, message: typeof body.message },
                {
                  statusCode: 503,
                  code: 'ALIPAY_STORE_UNAVAILABLE',
                  error: 'Service Unavailable',
                  message: 'string',
                },
                route,
              )
            }
          }
          assert.match(context.app.logText(), /10\.9\.8\.7:6390/)
        },
      )
    },
  },
]
