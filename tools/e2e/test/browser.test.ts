import { join } from 'node:path'
import { tokenFingerprint } from '@alipay-isv/example-kit'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { artifacts, chainStore, startChromiumWorld } from './support/chromium-world.js'

/** A phone, a bigger phone, a tablet, a laptop. */
const WIDTHS = [360, 390, 768, 1280]

/** Whether the page scrolls sideways: anything wider than the window. */
async function scrollsSideways(page: Page): Promise<boolean> {
  // A string: this package's types have no DOM.
  return page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth')
}

/** Posts an empty form from the page, as a button of the console does. */
async function postFrom(page: Page, path: string): Promise<void> {
  await Promise.all([
    page.waitForURL(`**${path}`),
    page.evaluate(
      `(() => { const f = document.createElement('form'); f.method = 'post'; f.action = ${JSON.stringify(path)}; document.body.append(f); f.submit() })()`,
    ),
  ])
}

describe.each(['fastify', 'koa'] as const)('example-%s in headless Chromium', (example) => {
  const running = startChromiumWorld(example)
  const shot = (name: string) => join(artifacts, `${example}-${name}.png`)

  it('a person clicks Authorize, approves a merchant on the consent page and sees its tokens', async () => {
    const { world, browser } = running
    const page = await browser.newPage()
    await page.goto(`${world.example.url}/`)
    await page.screenshot({ path: shot('1-home'), fullPage: true })

    await page.click('a#authorize')
    await page.waitForURL(`${world.alipay.url}/oauth2/appToAppAuth.htm?**`)
    expect(await page.locator('h1').textContent()).toContain('Demo ISV app')
    await page.check(`input[value="${chainStore.userId}"]`)
    await page.screenshot({ path: shot('2-consent'), fullPage: true })

    await page.click('button#authorize')
    await page.waitForURL(`${world.example.url}/merchants?authorized=1`)
    await page.screenshot({ path: shot('3-merchants'), fullPage: true })
    expect(await page.textContent('#notice')).toContain('Authorization complete.')
    for (const authAppId of chainStore.authAppIds) {
      const card = page.locator(`[data-auth-app-id="${authAppId}"]`)
      expect(await card.getAttribute('data-status')).toBe('active')
      expect(await card.locator('.status').textContent()).toBe('Active')
      expect(await card.locator('.fingerprint').textContent()).toBe(
        tokenFingerprint(world.emulatorToken(authAppId) ?? ''),
      )
    }

    await page
      .locator(`[data-auth-app-id="${chainStore.authAppIds[0]}"] button[name="refresh"]`)
      .click()
    await page.waitForURL(`${world.example.url}/merchants/${chainStore.authAppIds[0]}/refresh`)
    await page.screenshot({ path: shot('4-refresh-kept'), fullPage: true })
    // Seconds after authorizing: the pair is kept, and the page says why and until when.
    expect(await page.textContent('#result')).toContain('keeps its token')
    expect(await page.locator('#rotates-from time').count()).toBe(1)
  })

  it('a merchant opens an invitation link from POST /__admin/invites, consents, and is listed as invited', async () => {
    const { world, browser } = running
    const invited = { userId: '2088101122334455', authAppId: '2021004100000001' }
    const { url } = await world.alipay.admin.invite({ app_id: world.appId })
    // A browser that never visited the example: no cookie, and the link carries no state.
    const page = await (await browser.newContext()).newPage()
    await page.goto(url)
    await page.check(`input[value="${invited.userId}"]`)
    await page.click('button#authorize')
    await page.waitForURL(`${world.example.url}/merchants?authorized=1`)
    await page.screenshot({ path: shot('invite-merchants'), fullPage: true })
    const card = page.locator(`[data-auth-app-id="${invited.authAppId}"]`)
    expect(await card.locator('.via').getAttribute('data-via')).toBe('invite')
    expect(await card.locator('.context').getAttribute('data-context')).toBe('')
    expect(await card.getAttribute('data-status')).toBe('active')
    expect(await card.locator('.fingerprint').textContent()).toBe(
      tokenFingerprint(world.emulatorToken(invited.authAppId) ?? ''),
    )
  })

  it('a person presses "Call alipay.trade.query" and sees Alipay’s answer for the merchant', async () => {
    const { world, browser } = running
    const merchant = { user_id: '2088101122335566', auth_app_id: '2021004100000009' }
    const admin = (path: string, body: object) =>
      fetch(`${world.alipay.url}/__admin${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: world.appId, ...body }),
      }).then((response) => response.json() as Promise<Record<string, string>>)
    // The trade the emulator answers, for this merchant's token only.
    const trade = { out_trade_no: 'example-order-1', trade_status: 'TRADE_SUCCESS' }
    const stub = {
      auth_app_id: merchant.auth_app_id,
      method: 'alipay.trade.query',
      response: trade,
    }
    await admin('/stubs', stub)
    // The consent without a browser: Alipay's redirect, followed by this page like an invitation.
    const { redirect_url } = await admin('/authorize', merchant)
    const page = await browser.newPage()
    await page.goto(redirect_url ?? '')
    await page.waitForURL(`${world.example.url}/merchants?authorized=1`)

    await page
      .locator(`[data-auth-app-id="${merchant.auth_app_id}"] button[name="trade-query"]`)
      .click()
    await page.waitForURL(`${world.example.url}/merchants/${merchant.auth_app_id}/trade-query`)
    await page.screenshot({ path: shot('trade-query'), fullPage: true })
    expect(JSON.parse((await page.textContent('#trade-query-response')) ?? '')).toMatchObject({
      code: '10000',
      ...trade,
    })
  })

  it('a cancelled merchant says so in words, with no token expiry, and offers only to authorize again', async () => {
    const { world, browser } = running
    await world.alipay.admin.cancel({ app_id: world.appId, user_id: '2088101122334455' })
    await world.alipay.engine.settleNotifications()
    const page = await browser.newPage()
    await page.goto(`${world.example.url}/merchants`)
    const card = page.locator('[data-auth-app-id="2021004100000001"]')
    expect(await card.locator('.status').textContent()).toBe('Cancelled')
    expect(await card.locator('.expires').textContent()).not.toMatch(
      /valid until|expires|in \d+ days/i,
    )
    expect(await card.locator('button').count()).toBe(0)
    expect(await card.locator('a[data-action="reauthorize"]').textContent()).toBe('Authorize again')
  })

  it('with the emulator’s clock moved, every page says so and how to reset it', async () => {
    const { world, browser } = running
    await world.alipay.admin.advanceClock(3600)
    const page = await browser.newPage()
    for (const path of ['/', '/merchants']) {
      await page.goto(`${world.example.url}${path}`)
      expect(await page.textContent('#emulator-clock')).toContain('1 hour ahead')
      expect(await page.textContent('#emulator-clock')).toContain(
        `curl -X DELETE ${world.alipay.url}/__admin/clock`,
      )
    }
    await fetch(`${world.alipay.url}/__admin/clock`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
    })
    await page.goto(`${world.example.url}/merchants`)
    expect(await page.locator('#emulator-clock').count()).toBe(0)
  })

  it('every console page fits 360, 390, 768 and 1280 px without scrolling sideways, and loads nothing but itself', async () => {
    const { world, browser } = running
    const merchant = chainStore.authAppIds[0] ?? ''
    // Alipay's answer as the demo stubs it: long lines the result page must wrap.
    await world.alipay.admin.stub({
      app_id: world.appId,
      auth_app_id: merchant,
      method: 'alipay.trade.query',
      response: {
        trade_no: '2025010122001400000000000001',
        out_trade_no: 'example-order-0000000000000001',
        buyer_logon_id: 'buyer***@example.com',
        trade_status: 'TRADE_SUCCESS',
        total_amount: '88.88',
      },
    })
    const pages: Array<[name: string, open: (page: Page) => Promise<unknown>]> = [
      ['home', (page) => page.goto(`${world.example.url}/`)],
      ['merchants', (page) => page.goto(`${world.example.url}/merchants?authorized=1`)],
      ['query', (page) => postFrom(page, `/merchants/${merchant}/query`)],
      ['refresh', (page) => postFrom(page, `/merchants/${merchant}/refresh`)],
      ['trade-query', (page) => postFrom(page, `/merchants/${merchant}/trade-query`)],
      ['unknown-merchant', (page) => postFrom(page, '/merchants/2021009999999999/refresh')],
      ['qr', (page) => page.goto(`${world.example.url}/alipay/authorize/qr`)],
      [
        'callback-failed',
        (page) =>
          page.goto(
            `${world.example.url}/alipay/callback?app_id=${world.appId}&source=alipay_app_auth&app_auth_code=x&state=gone`,
          ),
      ],
    ]
    for (const width of WIDTHS) {
      const context = await browser.newContext({ viewport: { width, height: 800 } })
      const page = await context.newPage()
      const loaded: string[] = []
      page.on('request', (request) => loaded.push(request.url()))
      await page.goto(`${world.example.url}/merchants`)
      for (const [name, open] of pages) {
        await open(page)
        await page.screenshot({
          path: join(artifacts, 'console', `${example}-${name}-${width}.png`),
          fullPage: true,
        })
        expect(await scrollsSideways(page), `${name} at ${width} px`).toBe(false)
      }
      const elsewhere = loaded.filter(
        (url) => !url.startsWith(world.example.url) && !url.startsWith('data:'),
      )
      expect(elsewhere).toEqual([])
      expect(loaded.filter((url) => url.endsWith('/favicon.ico'))).toEqual([])
      await context.close()
    }
  })
})

describe('example-koa in certificate mode, in headless Chromium', () => {
  const running = startChromiumWorld('koa', { mode: 'certificate' })

  it('the merchants page, with its certificate serial numbers, fits every width without scrolling sideways', async () => {
    const { world, browser } = running
    expect((await world.authorize()).status).toBe(302)
    for (const width of WIDTHS) {
      const page = await browser.newPage({ viewport: { width, height: 800 } })
      await page.goto(`${world.example.url}/merchants`)
      expect(await page.locator('#certificates').count()).toBe(1)
      await page.screenshot({
        path: join(artifacts, 'console', `koa-certificate-merchants-${width}.png`),
        fullPage: true,
      })
      expect(await scrollsSideways(page), `at ${width} px`).toBe(false)
      await page.close()
    }
  })
})
