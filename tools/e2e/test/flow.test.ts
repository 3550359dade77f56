import { tokenFingerprint } from '@alipay-isv/example-kit'
import { describe, expect, it } from 'vitest'
import { errorShown, merchantRows, resultShown } from './support/pages.js'
import { startWorld } from './support/world.js'

const YEAR_AND_A_DAY_SECONDS = 366 * 24 * 3600
/** The emulator's single-app demo merchant (its default merchants). */
const merchant = { userId: '2088101122334455', authAppId: '2021004100000001' }

describe.each(['fastify', 'koa'] as const)('example-%s over HTTP against mock-alipay', (name) => {
  const running = startWorld(name)

  const merchantRow = async () => {
    const { html } = await running.world.page('/merchants')
    return merchantRows(html).find((row) => row.authAppId === merchant.authAppId)
  }

  it('a merchant approves on the consent page and lands on the merchants page with its token', async () => {
    const callback = await running.world.authorize(merchant.userId)
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('/merchants?authorized=1')
    const { html } = await running.world.page('/merchants?authorized=1')
    expect(html).toContain('Authorization complete.')
    expect(merchantRows(html)).toEqual([
      expect.objectContaining({
        ...merchant,
        via: 'browser',
        context: '{"tenantId":"example-tenant"}',
        status: 'active',
        fingerprint: tokenFingerprint(running.world.emulatorToken(merchant.authAppId) ?? ''),
      }),
    ])
  })

  it('after that one authorization, /metrics counts one exchanged code and one active merchant, as /merchants shows', async () => {
    const metrics = await running.world.browser.get('/metrics')
    expect(metrics.status).toBe(200)
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await metrics.text()
    expect(text).toContain('alipay_isv_events_total{event="code_exchanged"} 1\n')
    expect(text).toContain('alipay_isv_merchants{state="active"} 1\n')
    const { html } = await running.world.page('/merchants')
    expect(html).toContain('<dd data-event="codeExchanged">1</dd>')
    expect(html).toContain('<dd data-health="active">1</dd>')
  })

  it('Refresh rotates the token and answers with the merchants page, the result above the new row', async () => {
    const before = await merchantRow()
    // Within a minute of the pair's issue, Refresh returns the current pair (minRefreshIntervalMs).
    await running.world.advanceClock(60)
    const refreshed = await running.world.press(`/merchants/${merchant.authAppId}/refresh`)
    expect(refreshed.status).toBe(200)
    const fingerprint = tokenFingerprint(running.world.emulatorToken(merchant.authAppId) ?? '')
    expect(fingerprint).not.toBe(before?.fingerprint)
    expect(resultShown(refreshed.html)).toContain('New token.')
    expect(resultShown(refreshed.html)).toContain(`<code class="fingerprint">${fingerprint}</code>`)
    expect(merchantRows(refreshed.html)).toEqual([expect.objectContaining({ fingerprint })])
    expect((await merchantRow())?.fingerprint).toBe(fingerprint)
  })

  it('a second Refresh within a minute keeps the pair it just got, and says why and from when it rotates', async () => {
    const before = await merchantRow()
    const again = await running.world.press(`/merchants/${merchant.authAppId}/refresh`)
    expect(again.status).toBe(200)
    const result = resultShown(again.html)
    expect(result).toContain('keeps its token')
    expect(result).toContain('a double click or two instances refreshing at once')
    expect(result).toMatch(/Refresh again from <span id="rotates-from"><time datetime="[^"]+">/)
    expect((await merchantRow())?.fingerprint).toBe(before?.fingerprint)
  })

  it('a merchant app this app does not know is answered with the merchants page and 404, never 500', async () => {
    for (const action of ['refresh', 'query']) {
      const unknown = await running.world.press(`/merchants/2021009999999999/${action}`)
      expect(unknown.status).toBe(404)
      expect(errorShown(unknown.html)?.code).toBe('MERCHANT_NOT_FOUND')
    }
  })

  it('an address the console does not have is answered with a 404 page that leads back', async () => {
    const missing = await running.world.page('/nope')
    expect(missing.status).toBe(404)
    expect(errorShown(missing.html)?.code).toBe('NOT_FOUND')
    expect(missing.html).toContain('href="/merchants"')
  })

  it('a merchant id that is not valid percent-encoding is answered 400, never 500', async () => {
    const refused = await running.world.press('/merchants/%E0%A4%A/refresh')
    expect(refused.status).toBe(400)
  })

  it('Query shows Alipay’s view of the token on the merchants page, its validity in days', async () => {
    const queried = await running.world.press(`/merchants/${merchant.authAppId}/query`)
    expect(queried.status).toBe(200)
    const result = resultShown(queried.html)
    expect(result).toContain(`<dd data-field="user_id">${merchant.userId}</dd>`)
    expect(result).toContain('<dd data-field="status">valid</dd>')
    expect(result).toMatch(/data-field="expires_in" data-seconds="\d+">36[45] days/)
    expect(result).not.toContain('id="refreshed-ahead"')
    expect(merchantRows(queried.html)).toHaveLength(1)
  })

  it('once both clocks pass the token’s expiry, Query refreshes the token before calling Alipay', async () => {
    const before = await merchantRow()
    await running.world.advanceClock(YEAR_AND_A_DAY_SECONDS)
    const queried = await running.world.press(`/merchants/${merchant.authAppId}/query`)
    expect(queried.status).toBe(200)
    expect(resultShown(queried.html)).toContain('id="refreshed-ahead"')
    const expiresIn = Number(/data-field="expires_in" data-seconds="(\d+)"/.exec(queried.html)?.[1])
    expect(expiresIn).toBeGreaterThan(364 * 24 * 3600) // a fresh token, not the expired one
    const after = await merchantRow()
    expect(after?.fingerprint).not.toBe(before?.fingerprint)
    expect(Date.parse(after?.expires ?? '')).toBeGreaterThan(Date.parse(before?.expires ?? ''))
  })

  it('a cancellation notification from Alipay marks the merchant cancelled and stops its calls', async () => {
    await running.world.alipay.admin.cancel({
      app_id: running.world.appId,
      user_id: merchant.userId,
    })
    await running.world.alipay.engine.settleNotifications()
    expect(await merchantRow()).toMatchObject({ status: 'cancelled', actions: [] })
    const queried = await running.world.press(`/merchants/${merchant.authAppId}/query`)
    expect(queried.status).toBe(409)
    expect(errorShown(queried.html)?.code).toBe('ALIPAY_REAUTHORIZATION_REQUIRED')
  })

  it('the merchant can authorize again after cancelling', async () => {
    const callback = await running.world.authorize(merchant.userId)
    expect(callback.status).toBe(302)
    const row = await merchantRow()
    expect(row).toMatchObject({ status: 'active', actions: ['refresh', 'query', 'trade-query'] })
    expect(row?.fingerprint).toBe(
      tokenFingerprint(running.world.emulatorToken(merchant.authAppId) ?? ''),
    )
    expect((await running.world.press(`/merchants/${merchant.authAppId}/query`)).status).toBe(200)
  })
})
