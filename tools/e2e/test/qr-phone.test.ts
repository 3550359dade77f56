import { join } from 'node:path'
// jsqr is CommonJS: its decoder is the module's `default`.
import jsqr from 'jsqr'
import type { Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { artifacts, chainStore, startChromiumWorld } from './support/chromium-world.js'

/** What a phone's browser looks like to a server: a small touch screen, a mobile user agent. */
const phoneDevice = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 AlipayClient/10.6',
}

/** What a phone's camera would read: the QR code as pixels on the screen, decoded. */
async function scanQrCode(page: Page): Promise<string> {
  const screenshot = PNG.sync.read(await page.locator('#qr-code').screenshot())
  const pixels = new Uint8ClampedArray(screenshot.data)
  const found = jsqr.default(pixels, screenshot.width, screenshot.height)
  expect(found, 'the QR code on the desktop page can be read from its pixels').not.toBeNull()
  return found?.data ?? ''
}

describe.each(['fastify', 'koa'] as const)(
  'authorize on the phone (example-%s in headless Chromium)',
  (example) => {
    const running = startChromiumWorld(example)

    it('the desktop shows a QR code, a phone without its cookies scans it and consents, and the desktop shows the merchant without a reload', async () => {
      const { world, browser } = running
      const desktop = await (
        await browser.newContext({ viewport: { width: 1280, height: 900 } })
      ).newPage()
      await desktop.goto(`${world.example.url}/`)
      await desktop.click('a#authorize-qr')
      await desktop.waitForSelector('#qr-code svg')
      expect(await desktop.getAttribute('#qr-authorization', 'data-status')).toBe('pending')
      await desktop.evaluate(() => Object.assign(globalThis, { loadedOnce: true }))
      await desktop.screenshot({
        path: join(artifacts, `qr-1-desktop-code-${example}.png`),
        fullPage: true,
      })

      const link = await scanQrCode(desktop)
      expect(link.startsWith(`${world.example.url}/alipay/authorize/qr/`), link).toBe(true)

      const phoneContext = await browser.newContext(phoneDevice)
      expect(await phoneContext.cookies()).toEqual([])
      const phone = await phoneContext.newPage()
      await phone.goto(link)
      await phone.waitForURL(`${world.alipay.url}/oauth2/appToAppAuth.htm?**`)
      await phone.check(`input[value="${chainStore.userId}"]`)
      await phone.screenshot({
        path: join(artifacts, `qr-2-phone-consent-${example}.png`),
        fullPage: true,
      })
      await phone.click('button#authorize')
      await phone.waitForURL(`${world.example.url}/alipay/callback?**`)
      expect(await phone.textContent('#qr-complete')).toContain('look back at your computer')
      await phone.screenshot({
        path: join(artifacts, `qr-3-phone-done-${example}.png`),
        fullPage: true,
      })

      await desktop.waitForSelector('#qr-authorization[data-status="authorized"]', {
        timeout: 15_000,
      })
      const shown = await desktop.locator('#merchants li').allTextContents()
      for (const authAppId of chainStore.authAppIds) {
        expect(
          shown.some((line) => line.includes(authAppId)),
          shown.join('\n'),
        ).toBe(true)
      }
      expect(await desktop.evaluate(() => 'loadedOnce' in globalThis), 'no reload').toBe(true)
      expect(await desktop.isHidden('#qr'), 'a used QR code is taken off the screen').toBe(true)
      expect(await desktop.textContent('h1')).toBe('Authorization complete')
      expect(await desktop.isVisible('#qr-continue a'), 'a way on to the site').toBe(true)
      await desktop.screenshot({
        path: join(artifacts, `qr-4-desktop-authorized-${example}.png`),
        fullPage: true,
      })

      await desktop.goto(`${world.example.url}/merchants`)
      for (const authAppId of chainStore.authAppIds) {
        const card = desktop.locator(`[data-auth-app-id="${authAppId}"]`)
        expect(await card.getAttribute('data-status')).toBe('active')
        expect(await card.locator('.via').getAttribute('data-via')).toBe('qr')
      }
    })
  },
)
