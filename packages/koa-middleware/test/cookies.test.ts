import { parseSetCookie } from '@alipay-isv/adapter-scenarios'
import { describe, expect, it } from 'vitest'
import { type KoaTestApp, startsKoaApps } from './support/koa-app.js'

const startApp = startsKoaApps()

async function stateCookieAttributes(test: KoaTestApp, headers: Record<string, string>) {
  const response = await fetch(`${test.baseUrl}/alipay/authorize`, { headers, redirect: 'manual' })
  const cookie = response.headers
    .getSetCookie()
    .map(parseSetCookie)
    .find((candidate) => candidate.name === 'alipay_auth_state')
  if (!cookie) throw new Error('no alipay_auth_state cookie was set')
  return cookie.attributes
}

describe('the state cookie', () => {
  it('is Secure behind a TLS-terminating proxy when app.proxy is true', async () => {
    const running = await startApp()
    running.app.proxy = true
    const attributes = await stateCookieAttributes(running, { 'x-forwarded-proto': 'https' })
    expect(attributes.has('secure')).toBe(true)
  })

  it('ignores X-Forwarded-Proto when app.proxy is false, as Koa does', async () => {
    const running = await startApp()
    const attributes = await stateCookieAttributes(running, { 'x-forwarded-proto': 'https' })
    expect(attributes.has('secure')).toBe(false)
  })

  it('is one cookie carrying its own signature (made with app.keys), without a .sig companion', async () => {
    const running = await startApp()
    const response = await running.browser.get('/alipay/authorize')
    const cookies = response.headers.getSetCookie().map(parseSetCookie)
    expect(cookies.map((cookie) => cookie.name)).toEqual(['alipay_auth_state'])
    expect(cookies[0]?.value).toMatch(/^[\w-]{32}\.[\w-]{43}$/)
  })

  it('works with app.keys given as a Keygrip-like signer', async () => {
    const running = await startApp()
    const secret = 'keygrip secret'
    const { createHmac } = await import('node:crypto')
    const sign = (data: string) => createHmac('sha256', secret).update(data).digest('base64url')
    running.app.keys = {
      sign,
      verify: (data: string, digest: string) => sign(data) === digest,
    } as never
    const authorize = await running.browser.get('/alipay/authorize')
    const callback = await running.world.consent(authorize.headers.get('location') ?? '')
    expect((await running.browser.get(callback)).status).toBe(200)
  })

  it('signed with a previous key in app.keys still completes the flow after a rotation', async () => {
    const running = await startApp({ keys: ['old secret'] })
    const authorize = await running.browser.get('/alipay/authorize')
    running.app.keys = ['new secret', 'old secret']
    const callback = await running.world.consent(authorize.headers.get('location') ?? '')
    expect((await running.browser.get(callback)).status).toBe(200)
  })
})
