/**
 * What the merchants page's "Call alipay.trade.query" needs from the emulator in the demo: a stub
 * answering the example's order, and one merchant who granted only `alipay.trade.create`, so that
 * the newcomer sees a call made for a merchant and what a missing grant looks like. Through the
 * emulator's admin API (`POST /__admin/stubs`, `POST /__admin/authorize`).
 */
import type { MockAlipayAdmin } from '@alipay-isv/mock-alipay'

/** The order the example's button asks about (apps/example-kit's EXAMPLE_OUT_TRADE_NO). */
const OUT_TRADE_NO = 'example-order-1'

/** The merchant that did not grant alipay.trade.query. */
export const MERCHANT_WITHOUT_QUERY = {
  user_id: '2088000000000999',
  auth_app_id: '2021000000000999',
}

/** Registers the stub (replacing the demo's earlier ones) for the demo app. */
export async function stubTradeQuery(admin: MockAlipayAdmin, appId: string): Promise<void> {
  await admin.deleteStubs()
  await admin.stub({
    method: 'alipay.trade.query',
    app_id: appId,
    response: {
      out_trade_no: OUT_TRADE_NO,
      trade_no: '2025010122001400000000000001',
      trade_status: 'TRADE_SUCCESS',
      total_amount: '88.00',
      buyer_logon_id: 'dem***@example.com',
    },
  })
}

/**
 * The merchant consents to `alipay.trade.create` only, as from an invitation link (no state):
 * the example, whose invitations are on, exchanges the code and lists the merchant.
 */
export async function authorizeWithoutQuery(admin: MockAlipayAdmin, appId: string): Promise<void> {
  const { redirect_url } = await admin.authorize({
    app_id: appId,
    ...MERCHANT_WITHOUT_QUERY,
    auth_methods: ['alipay.trade.create'],
  })
  const callback = await fetch(redirect_url)
  await callback.body?.cancel()
  if (!callback.ok) {
    throw new Error(`the example refused the demo's invitation callback (HTTP ${callback.status})`)
  }
}
