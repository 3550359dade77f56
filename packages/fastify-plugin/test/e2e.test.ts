import { createServer } from 'node:net'
import { registerEmulatorApp, ScenarioBrowser } from '@alipay-isv/adapter-scenarios'
import { AlipayReauthorizationRequiredError } from '@alipay-isv/core'
import { type RunningMockAlipay, startMockAlipay } from '@alipay-isv/mock-alipay'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import alipayAuth from '../src/index.js'
import { testCookieSecret } from './fastify-harness.js'

const DAY_SECONDS = 24 * 3600
const appId = '2021004400000001'
const merchant = { user_id: '2088004400000001', auth_app_id: '2021004400000002' }

/** A free port, so redirectUri can name the app's real address before it listens. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('end to end against mock-alipay on a port', () => {
  let alipay: RunningMockAlipay
  let app: FastifyInstance
  let appUrl: string
  // The app's clock follows the emulator's: both move when the test moves time.
  let offsetMs = 0
  const clock = () => Date.now() + offsetMs

  beforeAll(async () => {
    alipay = await startMockAlipay()
    appUrl = `http://127.0.0.1:${await freePort()}`
    app = Fastify()
    await app.register(alipayAuth, {
      ...(await registerEmulatorApp(alipay, { appId, appUrl, clock })),
      cookieSecret: testCookieSecret,
    })
    await app.listen({ host: '127.0.0.1', port: Number(new URL(appUrl).port) })
  })

  afterAll(async () => {
    await app?.close()
    await alipay?.close()
  })

  it('authorizes, stores, refreshes past refresh time, and loses access on cancellation', async () => {
    const browser = new ScenarioBrowser(appUrl)
    const toConsent = await browser.get('/alipay/authorize')
    expect(toConsent.status).toBe(302)
    const consentPage = new URL(toConsent.headers.get('location') ?? '')
    expect(consentPage.origin).toBe(alipay.url)

    const { redirect_url } = await alipay.admin.authorize({
      app_id: appId,
      ...merchant,
      redirect_uri: consentPage.searchParams.get('redirect_uri') ?? '',
      state: consentPage.searchParams.get('state') ?? '',
    })
    const callback = await browser.get(redirect_url)
    expect(callback.status).toBe(200)
    expect(await callback.text()).toContain(merchant.auth_app_id)
    await alipay.engine.settleNotifications()

    const first = await app.alipayAuth.getToken(merchant.auth_app_id)
    await alipay.admin.advanceClock(360 * DAY_SECONDS)
    offsetMs += 360 * DAY_SECONDS * 1000
    const refreshed = await app.alipayAuth.getToken(merchant.auth_app_id)
    expect(refreshed).not.toBe(first)
    const grants = (await alipay.admin.requests()).filter((entry) => entry.grant_type)
    expect(grants.map((entry) => [entry.grant_type, entry.status])).toEqual([
      ['authorization_code', 200],
      ['refresh_token', 200],
    ])

    await alipay.admin.cancel({ app_id: appId, user_id: merchant.user_id })
    await alipay.engine.settleNotifications()
    const deliveries = (await alipay.admin.requests()).filter(
      (entry) => entry.direction === 'outbound',
    )
    expect(deliveries.at(-1)?.status).toBe(200)
    await expect(app.alipayAuth.getToken(merchant.auth_app_id)).rejects.toBeInstanceOf(
      AlipayReauthorizationRequiredError,
    )
  })
})
