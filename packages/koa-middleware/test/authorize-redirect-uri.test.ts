import { describe, expect, it } from 'vitest'
import { startsKoaApps } from './support/koa-app.js'

const startApp = startsKoaApps()

describe('the authorize route with a redirect_uri from the query', () => {
  it('answers 400 with a stable code, not a server misconfiguration, when it is not an http(s) URL', async () => {
    const emitted: unknown[] = []
    const running = await startApp()
    running.app.on('error', (error) => emitted.push(error))
    const response = await running.browser.get('/alipay/authorize?redirect_uri=not-a-url')
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('redirect_uri')
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(emitted).toEqual([
      expect.objectContaining({ status: 400, code: 'ALIPAY_REDIRECT_URI_INVALID', expose: true }),
    ])
  })

  it('sends the browser to Alipay with the redirect_uri it was given when that is a URL', async () => {
    const running = await startApp()
    const response = await running.browser.get(
      `/alipay/authorize?redirect_uri=${encodeURIComponent('https://isv.example/elsewhere')}`,
    )
    expect(response.status).toBe(302)
    const consent = new URL(response.headers.get('location') ?? '')
    expect(consent.searchParams.get('redirect_uri')).toBe('https://isv.example/elsewhere')
  })
})
