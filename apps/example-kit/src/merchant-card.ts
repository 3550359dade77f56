import type { JsonValue, MerchantToken } from '@alipay-isv/core'
import { type Html, html, join } from './html.js'
import { actionsHtml, merchantActions } from './merchant-action-list.js'
import { statusWords, viaHtml } from './merchant-status.js'
import { timeHtml } from './readable-time.js'
import { tokenFingerprint } from './token-fingerprint.js'

/**
 * One merchant app as a card: its status in words, what its token is worth, how it authorized,
 * the context as fields, and its actions. Cards stack on a phone and sit side by side on a wide
 * screen, so nothing scrolls sideways.
 */
export function merchantCard(merchant: MerchantToken, now: number): Html {
  const status = statusWords(merchant, now)
  const id = merchant.authAppId
  const fingerprint =
    merchant.status === 'active'
      ? html`<dt>Token fingerprint</dt><dd><code class="fingerprint">${tokenFingerprint(merchant.appAuthToken)}</code></dd>`
      : html``
  return html`<article class="card merchant" data-auth-app-id="${id}" data-status="${merchant.status}">
<header><h3>Merchant app <code>${id}</code></h3><span class="badge ${status.tone} status">${status.badge}</span></header>
<dl class="fields">
<dt>Merchant (user_id)</dt><dd><code>${merchant.userId}</code></dd>
<dt>Token</dt><dd class="expires">${status.token}</dd>
${fingerprint}<dt>Authorized</dt><dd>${timeHtml(merchant.authorizedAt)}, via ${viaHtml(merchant.via)}</dd>
<dt>Context</dt><dd>${contextHtml(merchant.context)}</dd>
</dl>
${actionsHtml(merchantActions(merchant), `actions-${id}`)}
</article>`
}

/**
 * The context the app attached when the authorization started (`{ tenantId }` in the examples),
 * as fields; `data-context` keeps it as JSON. A merchant first seen through an invitation or a
 * notification has none until an authorization started here gives it one.
 */
function contextHtml(context: JsonValue | undefined): Html {
  if (context === undefined) {
    return html`<span class="context" data-context="">None: the authorization did not start on this app’s pages</span>`
  }
  const json = JSON.stringify(context)
  if (context === null || typeof context !== 'object' || Array.isArray(context)) {
    return html`<code class="context" data-context="${json}">${json}</code>`
  }
  const fields = Object.entries(context).map(
    ([name, value]) =>
      html`<dt>${name}</dt><dd><code>${typeof value === 'string' ? value : JSON.stringify(value)}</code></dd>`,
  )
  return html`<dl class="fields context" data-context="${json}">${join(fields)}</dl>`
}
