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

  it('comes with its Koa signature cookie, scoped to the same path', async () => {
    const running = await startApp()
    const response = await running.browser.get('/alipay/authorize')
    const signature = response.headers
      .getSetCookie()
      .map(parseSetCookie)
      .find((cookie) => cookie.name === 'alipay_auth_state.sig')
    expect(signature?.attributes.get('path')).toBe('/alipay')
  })

  it('signed with a previous key in app.keys still completes the flow after a rotation', async () => {
    const running = await startApp({ keys: ['old secret'] })
    const authorize = await running.browser.get('/alipay/authorize')
    running.app.keys = ['new secret', 'old secret']
    const callback = await running.world.consent(authorize.headers.get('location') ?? '')
    expect((await running.browser.get(callback)).status).toBe(200)
  })
})
