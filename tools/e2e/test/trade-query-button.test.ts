import { describe, expect, it } from 'vitest'
import { errorShown, merchantRows, resultShown } from './support/pages.js'
import { startWorld, type World } from './support/world.js'

/**
 * The merchants page's "Call alipay.trade.query": a business call made for the merchant with its
 * token (`auth.exec`), answered by an emulator stub scoped to that merchant, and refused for a
 * merchant that did not grant the API.
 */
const notGranted = { userId: '2088101122330002', authAppId: '2021004200000002' }
const TRADE = { out_trade_no: 'example-order-1', trade_status: 'TRADE_SUCCESS' }

async function admin(world: World, path: string, body: Record<string, unknown>) {
  const response = await fetch(`${world.alipay.url}/__admin${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(response.ok, await response.clone().text()).toBe(true)
  return (await response.json()) as Record<string, unknown>
}

describe.each(['fastify', 'koa'] as const)('example-%s: Call alipay.trade.query', (name) => {
  const running = startWorld(name)

  it('answers with the stubbed trade, called with the merchant’s token', async () => {
    const { world } = running
    expect((await world.authorize()).status).toBe(302)
    const [merchant] = merchantRows((await world.page('/merchants')).html)
    const authAppId = merchant?.authAppId ?? ''
    await admin(world, '/stubs', {
      app_id: world.appId,
      auth_app_id: authAppId,
      method: 'alipay.trade.query',
      response: TRADE,
    })
    const pressed = await world.press(`/merchants/${authAppId}/trade-query`)
    expect(pressed.status).toBe(200)
    const panel = resultShown(pressed.html)
    expect(panel).toContain('data-action="trade-query"')
    expect(panel).toContain('&#34;trade_status&#34;: &#34;TRADE_SUCCESS&#34;')
  })

  it('shows ALIPAY_API_NOT_GRANTED for a merchant that granted only alipay.trade.create', async () => {
    const { world } = running
    // An invitation-style consent (no state), which the example accepts with ALIPAY_INVITES on.
    const { redirect_url } = await admin(world, '/authorize', {
      app_id: world.appId,
      user_id: notGranted.userId,
      auth_app_id: notGranted.authAppId,
      auth_methods: ['alipay.trade.create'],
    })
    expect((await world.browser.get(String(redirect_url))).status).toBeLessThan(400)
    const pressed = await world.press(`/merchants/${notGranted.authAppId}/trade-query`)
    expect(pressed.status).toBe(403)
    expect(errorShown(pressed.html)).toEqual({
      code: 'ALIPAY_API_NOT_GRANTED',
      message: expect.stringContaining('did not grant this API'),
    })
    const row = merchantRows(pressed.html).find((r) => r.authAppId === notGranted.authAppId)
    expect(row?.status).toBe('active')
  })
})
