import type { AppAuth } from '@alipay-isv/core'
import { type ActionResult, alipayErrorResult, unknownMerchantResult } from './error-page.js'
import { type Html, html } from './html.js'
import type { ActionSettings } from './merchant-actions.js'

/** The order the button asks about; `pnpm demo` stubs Alipay's answer for it. */
export const EXAMPLE_OUT_TRADE_NO = 'example-order-1'

/**
 * The "Call alipay.trade.query" button: a business API called for the merchant with its own
 * token (`appAuth.exec`), a refused token renewed on the way. A merchant that did not grant the
 * API, or Alipay refusing, shows as an error panel.
 */
export async function tradeQueryAction(
  appAuth: AppAuth,
  authAppId: string,
  settings: ActionSettings,
): Promise<ActionResult> {
  try {
    if ((await appAuth.getMerchant(authAppId)) === undefined) {
      return unknownMerchantResult(authAppId)
    }
    const node = await appAuth.exec(authAppId, 'alipay.trade.query', {
      out_trade_no: EXAMPLE_OUT_TRADE_NO,
    })
    return { status: 200, panel: tradeQueriedPanel(authAppId, node) }
  } catch (error) {
    return alipayErrorResult(error, settings.development)
  }
}

function tradeQueriedPanel(authAppId: string, node: Record<string, unknown>): Html {
  return html`<div class="panel ok" id="result" data-action="trade-query">
<p><strong>Alipay answered.</strong> <code>alipay.trade.query</code> for merchant app <code>${authAppId}</code>
(out_trade_no <code>${EXAMPLE_OUT_TRADE_NO}</code>), called with the merchant’s token:</p>
<pre id="trade-query-response">${JSON.stringify(node, null, 2)}</pre></div>`
}
