import type { MerchantToken, TokenStatus } from '@alipay-isv/core'
import { type Html, html } from './html.js'
import { durationText, timeHtml } from './readable-time.js'
import { tokenFingerprint } from './token-fingerprint.js'

/** How a Query came to answer about a token other than the one stored before it. */
export type QueryRefresh = 'none' | 'ahead' | 'recovered'

/**
 * What Refresh shows above the merchants. A pair Alipay issued less than `minRefreshIntervalMs`
 * ago is kept, not rotated: a double click, or two instances refreshing at once, would otherwise
 * spend the refresh token twice. The panel says so, and from when a Refresh rotates it.
 */
export function refreshedPanel(
  token: MerchantToken,
  rotated: boolean,
  minRefreshIntervalMs: number,
): Html {
  const fingerprint = html`<code class="fingerprint">${tokenFingerprint(token.appAuthToken)}</code>`
  if (rotated) {
    return html`<div class="panel ok" id="result" data-action="refresh" data-rotated="yes">
<p><strong>New token.</strong> Alipay issued merchant app <code>${token.authAppId}</code> a new token pair (fingerprint ${fingerprint}), valid until ${timeHtml(token.expiresAt)}. The old token stops working.</p></div>`
  }
  const issuedAt = token.issuedAt ?? token.updatedAt
  const interval = durationText(minRefreshIntervalMs / 1000)
  return html`<div class="panel ok" id="result" data-action="refresh" data-rotated="no">
<p><strong>Token kept.</strong> Merchant app <code>${token.authAppId}</code> keeps its token (fingerprint ${fingerprint}): Alipay issued it at ${timeHtml(issuedAt)}, less than ${interval} ago, and Alipay was not asked again.</p>
<p>A pair is rotated at most once every ${interval} (<code>minRefreshIntervalMs</code>), so a double click or two instances refreshing at once cannot spend the refresh token twice. Refresh again from <span id="rotates-from">${timeHtml(issuedAt + minRefreshIntervalMs)}</span> to rotate it; it is valid until ${timeHtml(token.expiresAt)}.</p></div>`
}

/** What Query shows above the merchants: Alipay's view of the token. */
export function queriedPanel(status: TokenStatus, refresh: QueryRefresh): Html {
  const field = (name: string, value: Html | string) =>
    html`<dt>${name}</dt><dd data-field="${name}">${value}</dd>`
  const time = (epochMs: number | undefined) => (epochMs === undefined ? '—' : timeHtml(epochMs))
  const refreshNote = {
    none: html``,
    ahead: html`<p id="refreshed-ahead">The token was close to expiry, so it was refreshed before the query: this is Alipay’s view of the new one.</p>`,
    recovered: html`<p id="recovered">Alipay answered that the stored token had timed out, so the app refreshed it with its refresh token and asked again: this is Alipay’s view of the new one.</p>`,
  }[refresh]
  return html`<div class="panel ok" id="result" data-action="query">
<p><strong>Alipay’s answer.</strong> The token of merchant app <code>${status.authAppId}</code>, as Alipay sees it (<code>alipay.open.auth.token.app.query</code>):</p>
${refreshNote}<dl class="fields" id="token-status">
${field('user_id', status.userId)}
${field('auth_app_id', status.authAppId)}
${field('status', status.status)}
<dt>expires_in</dt><dd data-field="expires_in" data-seconds="${status.expiresIn}">${durationText(status.expiresIn)}</dd>
${field('auth_start', time(status.authStart))}
${field('auth_end', time(status.authEnd))}
${field('auth_methods', status.authMethods.join(', '))}
</dl></div>`
}
