import { join } from 'node:path'
import { tokenFingerprint } from '@alipay-isv/example-kit'
import { describe, expect, it } from 'vitest'
import { artifacts, chainStore, startChromiumWorld } from './support/chromium-world.js'

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
})
