import { createServer } from 'node:net'
import { browserAccept, registerEmulatorApp, ScenarioBrowser } from '@alipay-isv/adapter-scenarios'
import { AlipayReauthorizationRequiredError, type AppAuthOptions } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import { type RunningMockAlipay, startMockAlipay } from '@alipay-isv/mock-alipay'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
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

const YEAR_SECONDS = 365 * 24 * 3600
const edgeAppId = '2021004500000001'
const edgeMerchant = { user_id: '2088004500000001', auth_app_id: '2021004500000002' }
const pem = (key: { export(options: object): string | Buffer }) =>
  key.export({ type: 'spki', format: 'pem' }).toString()

/** Reproductions of reports against mock-alipay on a port (the app's clock is its own). */
describe('end to end against mock-alipay: clocks and certificates', () => {
  let alipay: RunningMockAlipay | undefined
  let app: FastifyInstance | undefined
  afterEach(async () => {
    await app?.close()
    await alipay?.close()
  })

  async function start(
    build: (emulator: RunningMockAlipay, appUrl: string) => Promise<AppAuthOptions>,
  ) {
    const emulator = await startMockAlipay()
    alipay = emulator
    const appUrl = `http://127.0.0.1:${await freePort()}`
    const server = Fastify()
    app = server
    const options = await build(emulator, appUrl)
    await server.register(alipayAuth, { ...options, cookieSecret: testCookieSecret })
    await server.listen({ host: '127.0.0.1', port: Number(new URL(appUrl).port) })
    return { emulator, server, appUrl }
  }

  it('a merchant stored by the notification, with Alipay’s clock a year ahead, has its dates on the app’s clock and can be refreshed a minute later', async () => {
    let offsetMs = 0
    const clock = () => Date.now() + offsetMs
    const { emulator, server } = await start((emulator, appUrl) =>
      registerEmulatorApp(emulator, { appId: edgeAppId, appUrl, clock }),
    )
    await emulator.admin.advanceClock(YEAR_SECONDS)
    const before = clock()
    await emulator.admin.authorize({ app_id: edgeAppId, ...edgeMerchant })
    await emulator.engine.settleNotifications()
    const stored = await server.alipayAuth.getMerchant(edgeMerchant.auth_app_id)
    expect(stored).toMatchObject({ via: 'notification', status: 'active' })
    expect(stored?.issuedAt).toBeGreaterThanOrEqual(before)
    expect(stored?.issuedAt).toBeLessThanOrEqual(clock())
    // The emulator's tokens live a year at most: never two years out on the app's clock.
    expect(stored?.expiresAt).toBeLessThanOrEqual(clock() + YEAR_SECONDS * 1000)
    offsetMs += 61_000
    const refreshed = await server.alipayAuth.refresh(edgeMerchant.auth_app_id)
    expect(refreshed.appAuthToken).not.toBe(stored?.appAuthToken)
  })

  it('certificate mode, after a rotation and the app re-registered with another key: with errorDetail, the failure page names the certificates and isv.app-cert-not-exist', async () => {
    const { privateKey, publicKey } = testKeyPair('edge app')
    const { emulator, appUrl } = await start(async (emulator, appUrl) => {
      const redirectUri = `${appUrl}/alipay/callback`
      const registered = await emulator.admin.registerApp({
        app_id: edgeAppId,
        public_key: pem(publicKey),
        redirect_uri: redirectUri,
      })
      const keys = await emulator.admin.keys()
      return {
        appId: edgeAppId,
        privateKey,
        certificates: {
          appCert: String(registered.app_cert),
          alipayPublicCert: String(keys.alipay_public_cert),
          alipayRootCert: String(keys.alipay_root_cert),
        },
        gateway: `${emulator.url}/gateway.do`,
        authUrl: `${emulator.url}/oauth2/appToAppAuth.htm`,
        redirectUri,
        errorDetail: true,
      }
    })
    const rotated = await fetch(`${emulator.url}/__admin/keys/rotate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(rotated.status).toBe(200)
    const other = testKeyPair('edge app, re-registered')
    await emulator.admin.registerApp({
      app_id: edgeAppId,
      public_key: pem(other.publicKey),
      redirect_uri: `${appUrl}/alipay/callback`,
    })

    const browser = new ScenarioBrowser(appUrl)
    const consent = new URL((await browser.get('/alipay/authorize')).headers.get('location') ?? '')
    const { redirect_url } = await emulator.admin.authorize({
      app_id: edgeAppId,
      ...edgeMerchant,
      redirect_uri: consent.searchParams.get('redirect_uri') ?? '',
      state: consent.searchParams.get('state') ?? '',
    })
    const page = await browser.get(redirect_url, { accept: browserAccept })
    expect(page.status).toBe(502)
    const html = await page.text()
    expect(html).toContain('ALIPAY_UNTRUSTED_RESPONSE')
    expect(html).toContain('isv.app-cert-not-exist')
    expect(html).toContain('appCert')
    expect(html).not.toContain('alipayPublicKey')
  })
})
