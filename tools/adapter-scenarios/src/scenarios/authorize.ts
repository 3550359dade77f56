import assert from 'node:assert/strict'
import { AppAuth } from '@alipay-isv/core'
import { parseSetCookie } from '../browser.js'
import { type AdapterScenario, defaults, withApp } from '../context.js'
import { alipayOrigin } from '../world.js'

export const authorizeScenarios: AdapterScenario[] = [
  {
    name: 'GET /alipay/authorize redirects to the consent page with the app id, the redirect uri and a state',
    run: (harness) =>
      withApp(harness, defaults, async ({ browser, world }) => {
        const response = await browser.get('/alipay/authorize')
        assert.equal(response.status, 302)
        const location = new URL(response.headers.get('location') ?? '')
        assert.equal(
          `${location.origin}${location.pathname}`,
          `${alipayOrigin}/oauth2/appToAppAuth.htm`,
        )
        assert.equal(location.searchParams.get('app_id'), world.appId)
        assert.equal(location.searchParams.get('redirect_uri'), world.appAuthOptions().redirectUri)
        assert.match(location.searchParams.get('state') ?? '', /^[\w-]{22,}$/)
      }),
  },
  {
    name: 'a visitor’s ?redirect_uri= on the authorize route is ignored: the consent page gets the configured one',
    run: (harness) =>
      withApp(harness, defaults, async ({ browser, world }) => {
        for (const query of ['?redirect_uri=https://evil.example/cb', '?redirect_uri=not-a-url']) {
          const response = await browser.get(`/alipay/authorize${query}`)
          assert.equal(response.status, 302)
          const location = new URL(response.headers.get('location') ?? '')
          assert.equal(
            location.searchParams.get('redirect_uri'),
            world.appAuthOptions().redirectUri,
          )
        }
      }),
  },
  {
    name: 'the state cookie is httpOnly, SameSite=Lax, scoped to the prefix and lives as long as the state',
    run: (harness) =>
      withApp(harness, defaults, async ({ browser }) => {
        const cookie = stateCookie(await browser.get('/alipay/authorize'))
        assert.ok(cookie.value.length > 0)
        assert.ok(cookie.attributes.has('httponly'), 'HttpOnly')
        assert.equal(cookie.attributes.get('samesite')?.toLowerCase(), 'lax')
        assert.equal(cookie.attributes.get('path'), '/alipay')
        assert.equal(lifetimeSeconds(cookie.attributes), 600)
        assert.ok(!cookie.attributes.has('secure'), 'not Secure over plain http')
      }),
  },
  {
    name: "with an AppAuth instance passed as appAuth, the state cookie lives as long as that instance's stateTtlMs",
    run: (harness) =>
      withApp(
        harness,
        (world) => ({ appAuth: new AppAuth({ ...world.appAuthOptions(), stateTtlMs: 180_000 }) }),
        async ({ browser }) => {
          const cookie = stateCookie(await browser.get('/alipay/authorize'))
          assert.equal(lifetimeSeconds(cookie.attributes), 180)
        },
      ),
  },
  {
    name: 'each authorization gets its own state',
    run: (harness) =>
      withApp(harness, defaults, async ({ browser }) => {
        const states = new Set<string | null>()
        for (let i = 0; i < 3; i++) {
          const response = await browser.get('/alipay/authorize')
          states.add(new URL(response.headers.get('location') ?? '').searchParams.get('state'))
        }
        assert.equal(states.size, 3)
      }),
  },
  {
    name: 'the cookie name can be changed with cookieName',
    run: (harness) =>
      withApp(
        harness,
        (world) => ({ ...world.appAuthOptions(), cookieName: 'isv_state' }),
        async ({ browser }) => {
          await browser.get('/alipay/authorize')
          assert.ok(browser.cookie('isv_state'))
          assert.equal(browser.cookie('alipay_auth_state'), undefined)
        },
      ),
  },
]

function stateCookie(response: Response): ReturnType<typeof parseSetCookie> {
  const cookie = response.headers
    .getSetCookie()
    .map(parseSetCookie)
    .find((candidate) => candidate.name === 'alipay_auth_state')
  assert.ok(cookie, 'a cookie named alipay_auth_state should be set')
  return cookie
}

/** Max-Age, or (frameworks that only write Expires) the seconds until Expires, rounded to 10 s. */
function lifetimeSeconds(attributes: Map<string, string>): number {
  const maxAge = attributes.get('max-age')
  if (maxAge !== undefined) return Number(maxAge)
  const expires = Date.parse(attributes.get('expires') ?? '')
  return Math.round((expires - Date.now()) / 10_000) * 10
}
