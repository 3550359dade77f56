import { AlipayConfigError } from '@alipay-isv/core'
import { describe, expect, it } from 'vitest'
import type { AlipayAuthAdapterOptions } from '../src/index.js'
import { type KoaTestApp, startsKoaApps } from './support/koa-app.js'

const startApp = startsKoaApps()

async function startWithoutKeys(
  options?: AlipayAuthAdapterOptions,
): Promise<{ test: KoaTestApp; emitted: unknown[] }> {
  const emitted: unknown[] = []
  const running = await startApp({ keys: undefined, options })
  running.app.on('error', (error) => emitted.push(error))
  return { test: running, emitted }
}

describe('an app without app.keys', () => {
  for (const path of ['/alipay/authorize', '/alipay/callback?state=s&app_auth_code=c']) {
    it(`GET ${path.split('?')[0]} answers 500 ALIPAY_CONFIG without revealing the configuration`, async () => {
      const { test } = await startWithoutKeys()
      const response = await test.browser.get(path)
      expect(response.status).toBe(500)
      const body = (await response.json()) as { code: string; message: string }
      expect(body.code).toBe('ALIPAY_CONFIG')
      expect(body.message).not.toContain('app.keys')
    })
  }

  it('reports an AlipayConfigError to app.on("error") that says to set app.keys', async () => {
    const { test, emitted } = await startWithoutKeys()
    await test.browser.get('/alipay/authorize')
    expect(emitted).toHaveLength(1)
    const [error] = emitted
    expect(error).toBeInstanceOf(AlipayConfigError)
    expect(error).toMatchObject({ status: 500, expose: false })
    expect((error as Error).message).toMatch(/app\.keys is not set.*app\.keys = \[.*cookieSecret/)
  })

  it('completes the flow when the cookieSecret option signs the state cookie instead', async () => {
    const cookieSecret = 'koa-cookie-secret-0123456789-abcdefgh'
    const { test, emitted } = await startWithoutKeys({ cookieSecret })
    const authorize = await test.browser.get('/alipay/authorize')
    const callback = await test.world.consent(authorize.headers.get('location') ?? '')
    expect((await test.browser.get(callback)).status).toBe(200)
    expect(await test.middleware.appAuth.listMerchants()).toHaveLength(1)
    expect(emitted).toEqual([])
  })

  it('does not send the browser to Alipay with a state it could never check', async () => {
    const { test } = await startWithoutKeys()
    const response = await test.browser.get('/alipay/authorize')
    expect(response.headers.get('location')).toBeNull()
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it('still serves the notify route, which needs no cookie', async () => {
    const { test } = await startWithoutKeys()
    const response = await test.browser.post(
      '/alipay/notify',
      test.world.authorizationNotify('n1'),
      'application/x-www-form-urlencoded',
    )
    expect(await response.text()).toBe('success')
  })
})
