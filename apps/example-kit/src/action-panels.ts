import type { MerchantToken, TokenStatus } from '@alipay-isv/core'
import { type Html, html } from './html.js'
import { durationText, timeHtml } from './readable-time.js'
import { tokenFingerprint } from './token-fingerprint.js'

/** What Refresh shows above the merchants table. */
export function refreshedPanel(token: MerchantToken, rotated: boolean): Html {
  const what = rotated
    ? html`has a new token`
    : html`keeps its token, issued less than a minute ago (Alipay was not asked again)`
  return html`<div class="ok" id="result" data-action="refresh"><p>Merchant app <code>${token.authAppId}</code> ${what}
(fingerprint <code class="fingerprint">${tokenFingerprint(token.appAuthToken)}</code>), valid until
${timeHtml(token.expiresAt)}.</p></div>`
}

/** What Query shows above the merchants table: Alipay's view of the token. */
export function queriedPanel(status: TokenStatus, refreshedAhead: boolean): Html {
  const field = (name: string, value: Html | string) =>
    html`<tr><th>${name}</th><td data-field="${name}">${value}</td></tr>`
  const time = (epochMs: number | undefined) => (epochMs === undefined ? '—' : timeHtml(epochMs))
  const refreshNote = refreshedAhead
    ? html`<p id="refreshed-ahead">The token was close to expiry, so it was refreshed before the query.</p>`
    : html``
  return html`<div class="ok" id="result" data-action="query">
<p>Alipay’s view of the token of merchant app <code>${status.authAppId}</code>:</p>
${refreshNote}<table id="token-status">
${field('user_id', status.userId)}
${field('auth_app_id', status.authAppId)}
${field('status', status.status)}
<tr><th>expires_in</th><td data-field="expires_in" data-seconds="${status.expiresIn}">${durationText(status.expiresIn)}</td></tr>
${field('auth_start', time(status.authStart))}
${field('auth_end', time(status.authEnd))}
${field('auth_methods', status.authMethods.join(', '))}
</table></div>`
}
