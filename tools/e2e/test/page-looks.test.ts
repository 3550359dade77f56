import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { AlipayStateError, toPem } from '@alipay-isv/core'
import { renderAuthorizedPage, routeErrorAnswer, routeErrorFor } from '@alipay-isv/core/adapter'
import { testKeyPair } from '@alipay-isv/core/testing'
import { repoRoot } from '@alipay-isv/demo'
import { type RunningMockAlipay, startMockAlipay } from '@alipay-isv/mock-alipay'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/chromium.js'
import { STARTUP_TIMEOUT_MS } from './support/world.js'

/** What a person sees: the consent page and the callback's error page, on a desktop and a phone. */
const artifacts = join(repoRoot, 'test-artifacts', 'looks')
const APP_ID = '2021000000000808'
const REDIRECT = 'http://127.0.0.1:3999/alipay/callback'
const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  },
}

let browser: Browser
let alipay: RunningMockAlipay
let consentUrl: string

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true })
  browser = await launchChromium()
  alipay = await startMockAlipay()
  const { publicKey } = testKeyPair('app')
  await alipay.admin.registerApp({
    app_id: APP_ID,
    app_name: 'Lotus Bookkeeping',
    public_key: toPem(publicKey),
    redirect_uri: REDIRECT,
  })
  const query = new URLSearchParams({ app_id: APP_ID, redirect_uri: REDIRECT, state: 's1' })
  consentUrl = `${alipay.url}/oauth2/appToAppAuth.htm?${query}`
}, STARTUP_TIMEOUT_MS)

afterAll(async () => {
  await browser?.close()
  await alipay?.close()
})

/** A page in `viewport` that records every URL it loads, to show it loads nothing from elsewhere. */
async function openPage(viewport: keyof typeof VIEWPORTS) {
  const context = await browser.newContext(VIEWPORTS[viewport])
  const page = await context.newPage()
  const loaded: string[] = []
  page.on('request', (request) => loaded.push(request.url()))
  return { page, loaded, close: () => context.close() }
}

/** Nothing wider than the screen: no sideways scrolling on a phone. */
async function fitsWidth(page: Page): Promise<boolean> {
  // A string: this package's types have no DOM.
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')
}

describe('the consent page', () => {
  it.each(['desktop', 'phone'] as const)(
    'on a %s: the app’s name, the merchants, what is granted, Authorize and Cancel, from the emulator alone',
    async (viewport) => {
      const { page, loaded, close } = await openPage(viewport)
      await page.goto(consentUrl)
      expect(await page.locator('h1').textContent()).toContain('Lotus Bookkeeping')
      expect(await page.locator('input[name="user_id"]').count()).toBeGreaterThan(1)
      expect(await page.locator('.grant li').count()).toBeGreaterThan(0)
      for (const button of ['#authorize', '#cancel']) {
        const box = await page.locator(button).boundingBox()
        expect(box?.height).toBeGreaterThanOrEqual(40)
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(
          VIEWPORTS[viewport].viewport.width,
        )
      }
      expect(await fitsWidth(page)).toBe(true)
      expect(await page.locator('link[rel="icon"]').getAttribute('href')).toMatch(
        /^data:image\/svg\+xml,/,
      )
      expect(loaded.filter((url) => !url.startsWith(alipay.url))).toEqual([])
      await page.screenshot({ path: join(artifacts, `consent-${viewport}.png`), fullPage: true })
      await close()
    },
  )

  it('Cancel grants nothing and goes nowhere: no code is issued and the browser stays on the emulator', async () => {
    const { page, close } = await openPage('phone')
    await page.goto(consentUrl)
    const codesBefore = alipay.engine.state.codes.size
    await page.click('#cancel')
    await page.waitForSelector('#cancelled')
    expect(new URL(page.url()).origin).toBe(alipay.url)
    expect(alipay.engine.state.codes.size).toBe(codesBefore)
    expect(await fitsWidth(page)).toBe(true)
    await page.screenshot({ path: join(artifacts, 'consent-cancelled-phone.png'), fullPage: true })
    await close()
  })

  it('an unusable link shows the emulator’s error page, readable on a phone', async () => {
    const { page, close } = await openPage('phone')
    const wrong = new URLSearchParams({ app_id: APP_ID, redirect_uri: `${REDIRECT}/other` })
    await page.goto(`${alipay.url}/oauth2/appToAppAuth.htm?${wrong}`)
    expect(await page.locator('#error').textContent()).toContain('must be equal exactly')
    expect(await fitsWidth(page)).toBe(true)
    await page.screenshot({ path: join(artifacts, 'consent-error-phone.png'), fullPage: true })
    await close()
  })
})

describe('the adapters’ callback pages', () => {
  const failure = routeErrorFor(
    new AlipayStateError('unknown-or-expired-state', 'The state expired.'),
    { authorizePath: '/alipay/authorize' },
  )

  it.each(['desktop', 'phone'] as const)(
    'on a %s: what failed, its code, a way to start again, nothing loaded',
    async (viewport) => {
      const { page, loaded, close } = await openPage(viewport)
      await page.setContent(routeErrorAnswer(failure!, 'text/html').body)
      expect(await page.locator('#error-code').textContent()).toBe(failure?.code)
      expect(await page.locator('a[href="/alipay/authorize"]').isVisible()).toBe(true)
      expect(await fitsWidth(page)).toBe(true)
      expect(loaded.filter((url) => !url.startsWith('data:'))).toEqual([])
      await page.screenshot({
        path: join(artifacts, `callback-error-${viewport}.png`),
        fullPage: true,
      })
      await close()
    },
  )

  it('the authorization-complete page, where the QR path ends on a phone, fits the phone too', async () => {
    const { page, loaded, close } = await openPage('phone')
    await page.setContent(
      renderAuthorizedPage([
        { authAppId: '2021004100000002', userId: '2088102233445566' },
        { authAppId: '2021004100000003', userId: '2088102233445566' },
      ]),
    )
    expect(await page.locator('h1').textContent()).toBe('Authorization complete')
    expect(await fitsWidth(page)).toBe(true)
    expect(loaded.filter((url) => !url.startsWith('data:'))).toEqual([])
    await page.screenshot({
      path: join(artifacts, 'callback-authorized-phone.png'),
      fullPage: true,
    })
    await close()
  })
})
