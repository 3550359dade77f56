/**
 * An ISV app whose Redis hangs (SIGSTOP on a `redis-server` this test starts on its own port):
 * every route that needs the store answers 503 ALIPAY_STORE_UNAVAILABLE with Retry-After, as a
 * page or as JSON, and nothing of the store (its address, its port) reaches the visitor. The app
 * is each example (the Fastify plugin, the Koa middleware) configured with `ALIPAY_STORE_URL`.
 */
import { toPem } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import { startExample } from '@alipay-isv/demo'
import { describe, expect, it } from 'vitest'
import { useMatrixFixtures } from './matrix-fixtures.js'

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
const fixtures = useMatrixFixtures()
const { cleanups } = fixtures

/**
 * Starts an authorization at `appUrl`, freezes the fixtures' Redis, and sends the callback as a
 * browser and as a program: each gets 503 ALIPAY_STORE_UNAVAILABLE with Retry-After, in the type
 * it asked for, and nothing of the store.
 */
async function expectStoreUnavailableWhileFrozen(appUrl: string, appId: string): Promise<void> {
  const { redis } = fixtures
  const started = await fetch(`${appUrl}/alipay/authorize`, { redirect: 'manual' })
  expect(started.status).toBe(302)
  const state = new URL(started.headers.get('location') ?? '').searchParams.get('state')
  const cookie = (started.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const callback = `${appUrl}/alipay/callback?${new URLSearchParams({
    app_id: appId,
    source: 'alipay_app_auth',
    app_auth_code: 'code-while-frozen',
    state: state ?? '',
  })}`
  redis.freeze()
  try {
    for (const accept of [BROWSER, 'application/json']) {
      const response = await fetch(callback, { headers: { accept, cookie } })
      const text = await response.text()
      expect(response.status, text.slice(0, 300)).toBe(503)
      expect(response.headers.get('retry-after')).toBe('5')
      expect(text).toContain('ALIPAY_STORE_UNAVAILABLE')
      for (const internal of [String(redis.port), 'RedisStore', 'ioredis']) {
        expect(text).not.toContain(internal)
      }
      const type = response.headers.get('content-type') ?? ''
      expect(type).toMatch(accept === BROWSER ? /^text\/html/ : /^application\/json/)
    }
  } finally {
    redis.thaw()
  }
}

describe('an example configured with ALIPAY_STORE_URL, its Redis frozen', () => {
  const { privateKey, publicKey } = testKeyPair('app')

  it.each(['fastify', 'koa'] as const)(
    'example-%s answers 503 ALIPAY_STORE_UNAVAILABLE with no internals, as a page and as JSON',
    async (name) => {
      const { redis } = fixtures
      const env = Object.fromEntries(
        Object.entries(process.env).filter(([variable]) => !variable.startsWith('ALIPAY_')),
      )
      const example = await startExample(name, {
        env: {
          ...env,
          PORT: '0',
          ALIPAY_APP_ID: '2021000000000001',
          ALIPAY_PRIVATE_KEY: toPem(privateKey),
          ALIPAY_PUBLIC_KEY: toPem(publicKey),
          ALIPAY_REDIRECT_URI: 'http://127.0.0.1:1/alipay/callback',
          ALIPAY_COOKIE_SECRET: 'x'.repeat(32),
          ALIPAY_STORE_URL: redis.url,
        },
      })
      cleanups.push(() => example.stop())
      await expectStoreUnavailableWhileFrozen(example.url, '2021000000000001')
    },
    90_000,
  )
})
