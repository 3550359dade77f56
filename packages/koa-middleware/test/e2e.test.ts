import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { registerEmulatorApp, ScenarioBrowser } from '@alipay-isv/adapter-scenarios'
import { AlipayReauthorizationRequiredError } from '@alipay-isv/core'
import { type RunningMockAlipay, startMockAlipay } from '@alipay-isv/mock-alipay'
import Koa from 'koa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AlipayAuthMiddleware, alipayAuth } from '../src/index.js'
import { recordingLogger } from './support/recording-logger.js'

const DAY_MS = 24 * 3600 * 1000
const appId = '2021005500000001'
const merchant = {
  user_id: '2088005500000001',
  name: 'Koa Noodles',
  auth_app_ids: ['2021005500000002'],
}
const authAppId = merchant.auth_app_ids[0] ?? ''

/** The consent form as a browser would submit it: its hidden fields plus the chosen merchant. */
function consentForm(html: string, userId: string): URLSearchParams {
  const form = new URLSearchParams()
  for (const [, name = '', value = ''] of html.matchAll(
    /<input type="hidden" name="(\w+)" value="([^"]*)">/g,
  )) {
    form.set(
      name,
      value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))),
    )
  }
  form.set('user_id', userId)
  return form
}

describe('@alipay-isv/koa end to end against mock-alipay on a port', () => {
  let alipay: RunningMockAlipay
  let server: Server
  let auth: AlipayAuthMiddleware
  let browser: ScenarioBrowser
  // The app's clock follows the emulator's: both move when the test moves time.
  let offsetMs = 0

  beforeAll(async () => {
    alipay = await startMockAlipay({ seed: { merchants: [merchant] } })
    // Listen first, so redirectUri and notify_url can name the app's real port.
    server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const clock = () => Date.now() + offsetMs
    auth = alipayAuth({
      ...(await registerEmulatorApp(alipay, { appId, appUrl, clock })),
      logger: recordingLogger(),
    })
    const app = new Koa({ keys: ['e2e cookie secret'] })
    app.use(auth)
    app.use(async (ctx) => {
      ctx.body = await ctx.state.alipayAuth.getToken(String(ctx.query.merchant))
    })
    server.on('request', app.callback())
    browser = new ScenarioBrowser(appUrl)
  })

  afterAll(async () => {
    server?.closeAllConnections()
    await new Promise((resolve) => server?.close(resolve))
    await alipay?.close()
  })

  it('authorizes through the consent form, refreshes past refresh time, and loses access on cancellation', async () => {
    const toConsent = await browser.get('/alipay/authorize')
    const consentUrl = new URL(toConsent.headers.get('location') ?? '')
    expect(consentUrl.origin).toBe(alipay.url)
    const consentPage = await fetch(consentUrl)
    expect(consentPage.status).toBe(200)
    const approved = await fetch(`${consentUrl.origin}${consentUrl.pathname}`, {
      method: 'POST',
      body: consentForm(await consentPage.text(), merchant.user_id),
      redirect: 'manual',
    })
    expect(approved.status).toBe(302)

    const callback = await browser.get(approved.headers.get('location') ?? '')
    expect(callback.status).toBe(200)
    expect(await callback.text()).toContain(authAppId)
    await alipay.engine.settleNotifications()

    const first = await (await browser.get(`/merchant-token?merchant=${authAppId}`)).text()
    expect(first).toBe(await auth.appAuth.getToken(authAppId))
    await alipay.admin.advanceClock((360 * DAY_MS) / 1000)
    offsetMs += 360 * DAY_MS
    const refreshed = await (await browser.get(`/merchant-token?merchant=${authAppId}`)).text()
    expect(refreshed).not.toBe(first)

    await alipay.admin.cancel({ app_id: appId, user_id: merchant.user_id })
    await alipay.engine.settleNotifications()
    const outbound = (await alipay.admin.requests()).filter(
      (entry) => entry.direction === 'outbound',
    )
    expect(outbound.map((entry) => entry.outcome)).toEqual(['success', 'success'])
    await expect(auth.appAuth.getToken(authAppId)).rejects.toBeInstanceOf(
      AlipayReauthorizationRequiredError,
    )
  })
})
