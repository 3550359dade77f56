import { join } from 'node:path'
import type { ExampleName } from '@alipay-isv/demo'
import { tokenFingerprint } from '@alipay-isv/example-kit'
import type { Browser } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { artifacts, chainStore, startChromiumWorld } from './support/chromium-world.js'
import type { World } from './support/world.js'

describe('example-fastify in headless Chromium', () => {
  const running = startChromiumWorld('fastify')

  it('a person clicks Authorize, approves a merchant on the consent page and sees its tokens', async () => {
    const { world, browser } = running
    const page = await browser.newPage()
    await page.goto(`${world.example.url}/`)
    await page.screenshot({ path: join(artifacts, '1-home.png'), fullPage: true })

    await page.click('a#authorize')
    await page.waitForURL(`${world.alipay.url}/oauth2/appToAppAuth.htm?**`)
    await page.check(`input[value="${chainStore.userId}"]`)
    await page.screenshot({ path: join(artifacts, '2-consent.png'), fullPage: true })

    await page.click('button#authorize')
    await page.waitForURL(`${world.example.url}/merchants?authorized=1`)
    await page.screenshot({ path: join(artifacts, '3-merchants.png'), fullPage: true })
    expect(await page.textContent('#notice')).toBe('Authorization complete.')
    for (const authAppId of chainStore.authAppIds) {
      const row = page.locator(`tr[data-auth-app-id="${authAppId}"]`)
      expect(await row.locator('.status').textContent()).toBe('active')
      expect(await row.locator('.fingerprint').textContent()).toBe(
        tokenFingerprint(world.emulatorToken(authAppId) ?? ''),
      )
    }

    await page
      .locator(`tr[data-auth-app-id="${chainStore.authAppIds[0]}"] button[name="refresh"]`)
      .click()
    await page.waitForURL(`${world.example.url}/merchants/${chainStore.authAppIds[0]}/refresh`)
    await page.screenshot({ path: join(artifacts, '4-refreshed.png'), fullPage: true })
    expect(await page.textContent('#result .fingerprint')).toBe(
      tokenFingerprint(world.emulatorToken(chainStore.authAppIds[0] ?? '') ?? ''),
    )
  })

  it('a merchant opens an invitation link from POST /__admin/invites, consents, and is listed as invite', async () => {
    const { world, browser } = running
    const invited = { userId: '2088101122334455', authAppId: '2021004100000001' }
    const { url } = await world.alipay.admin.invite({ app_id: world.appId })
    // A browser that never visited the example: no cookie, and the link carries no state.
    const page = await (await browser.newContext()).newPage()
    await page.goto(url)
    await page.check(`input[value="${invited.userId}"]`)
    await page.screenshot({ path: join(artifacts, 'invite-1-consent.png'), fullPage: true })

    await page.click('button#authorize')
    await page.waitForURL(`${world.example.url}/merchants?authorized=1`)
    await page.screenshot({ path: join(artifacts, 'invite-2-merchants.png'), fullPage: true })
    const row = page.locator(`tr[data-auth-app-id="${invited.authAppId}"]`)
    expect(await row.locator('.via').textContent()).toBe('invite')
    expect(await row.locator('.context').textContent()).toBe('—')
    expect(await row.locator('.status').textContent()).toBe('active')
    expect(await row.locator('.fingerprint').textContent()).toBe(
      tokenFingerprint(world.emulatorToken(invited.authAppId) ?? ''),
    )
  })

  it('a person presses "Call alipay.trade.query" and sees Alipay’s answer for the merchant', () =>
    callTradeQueryInBrowser('fastify', running.world, running.browser))
})

describe('example-koa in headless Chromium', () => {
  const running = startChromiumWorld('koa')

  it('a person presses "Call alipay.trade.query" and sees Alipay’s answer for the merchant', () =>
    callTradeQueryInBrowser('koa', running.world, running.browser))
})

/**
 * A merchant authorizes (through the emulator's consent shortcut, the browser following its
 * redirect), and a person clicks the merchant's "Call alipay.trade.query": the page shows what
 * the emulator's stub answered for that merchant's token.
 */
async function callTradeQueryInBrowser(
  name: ExampleName,
  world: World,
  browser: Browser,
): Promise<void> {
  const merchant = { user_id: '2088101122335566', auth_app_id: '2021004100000009' }
  const admin = (path: string, body: object) =>
    fetch(`${world.alipay.url}/__admin${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: world.appId, ...body }),
    }).then((response) => response.json() as Promise<Record<string, string>>)
  // The trade the emulator answers, for this merchant's token only.
  const trade = { out_trade_no: 'example-order-1', trade_status: 'TRADE_SUCCESS' }
  await admin('/stubs', {
    auth_app_id: merchant.auth_app_id,
    method: 'alipay.trade.query',
    response: trade,
  })
  const { redirect_url } = await admin('/authorize', merchant)
  const page = await (await browser.newContext()).newPage()
  await page.goto(redirect_url ?? '')
  await page.waitForURL(`${world.example.url}/merchants?authorized=1`)

  await page
    .locator(`tr[data-auth-app-id="${merchant.auth_app_id}"] button[name="trade-query"]`)
    .click()
  await page.waitForURL(`${world.example.url}/merchants/${merchant.auth_app_id}/trade-query`)
  await page.screenshot({ path: join(artifacts, `trade-query-${name}.png`), fullPage: true })
  expect(JSON.parse((await page.textContent('#trade-query-response')) ?? '')).toMatchObject({
    code: '10000',
    ...trade,
  })
}
