import { ScenarioWorld } from '@alipay-isv/adapter-scenarios'
import { describe, expect, it } from 'vitest'
import { buildApp } from './fastify-harness.js'

describe('the authorize route with a redirect_uri from the query', () => {
  it.each([
    ['not an http(s) URL', '/alipay/authorize?redirect_uri=not-a-url'],
    [
      'given twice',
      '/alipay/authorize?redirect_uri=https://a.example/&redirect_uri=https://b.example/',
    ],
  ])('answers 400 with a stable code when it is %s', async (_case, url) => {
    const app = await buildApp(new ScenarioWorld().appAuthOptions())
    const response = await app.inject(url)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code: 'ALIPAY_REDIRECT_URI_INVALID' })
    expect(response.headers['set-cookie']).toBeUndefined()
    await app.close()
  })

  it('sends the browser to Alipay with the redirect_uri it was given when that is a URL', async () => {
    const app = await buildApp(new ScenarioWorld().appAuthOptions())
    const response = await app.inject(
      `/alipay/authorize?redirect_uri=${encodeURIComponent('https://isv.example/elsewhere')}`,
    )
    expect(response.statusCode).toBe(302)
    const consent = new URL(String(response.headers.location))
    expect(consent.searchParams.get('redirect_uri')).toBe('https://isv.example/elsewhere')
    await app.close()
  })
})
