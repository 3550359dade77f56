import { createHash } from 'node:crypto'
import type { MerchantToken, TokenStatus } from '@alipay-isv/core'
import type { MetricsSnapshot } from './auth-metrics.js'
import type { ExampleConfig } from './config.js'
import { healthPanel } from './health-panel.js'
import { type Html, html, join, type PageResponse, page } from './html.js'

/** Shown instead of a token: enough to see it change on refresh, nothing a thief could use. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12)
}

export function homePage(config: ExampleConfig): PageResponse {
  const { appId, authUrl, gateway } = config.alipay
  const alipay = authUrl ?? gateway ?? 'Alipay (production)'
  return page(
    200,
    'Merchant authorization',
    html`<p>ISV app <code>${appId}</code>, talking to <code>${alipay}</code>. Merchants authorize it
on Alipay’s page; their tokens are stored here and refreshed ahead of expiry.</p>
<p><a class="button" id="authorize" href="/alipay/authorize">Authorize with Alipay</a></p>
<p><a href="/merchants">Authorized merchants</a></p>`,
  )
}

export function merchantsPage(
  merchants: MerchantToken[],
  metrics: MetricsSnapshot,
  notice?: string,
): PageResponse {
  const sorted = [...merchants].sort((a, b) => a.authAppId.localeCompare(b.authAppId))
  const rows = sorted.map(
    (merchant) => html`<tr data-auth-app-id="${merchant.authAppId}">
  <td>${merchant.userId}</td><td>${merchant.authAppId}</td>
  <td class="status">${merchant.status}</td>
  <td><time>${new Date(merchant.expiresAt).toISOString()}</time></td>
  <td><code class="fingerprint">${tokenFingerprint(merchant.appAuthToken)}</code></td>
  <td>${actionButton(merchant.authAppId, 'refresh', 'Refresh')}${actionButton(merchant.authAppId, 'query', 'Query')}</td>
</tr>`,
  )
  const table =
    rows.length === 0
      ? html`<p id="empty">No merchant has authorized this app yet. <a href="/alipay/authorize">Authorize with Alipay</a>.</p>`
      : html`<table id="merchants">
<thead><tr><th>user_id</th><th>auth_app_id</th><th>status</th><th>token expires</th><th>token fingerprint</th><th></th></tr></thead>
<tbody>
${join(rows)}
</tbody>
</table>`
  const banner = notice === undefined ? html`` : html`<p class="ok" id="notice">${notice}</p>`
  return page(
    200,
    'Authorized merchants',
    html`${banner}${table}
${healthPanel(metrics)}`,
  )
}

function actionButton(authAppId: string, action: 'refresh' | 'query', label: string): Html {
  return html`<form method="post" action="/merchants/${encodeURIComponent(authAppId)}/${action}"><button type="submit" name="${action}">${label}</button></form>`
}

export function refreshedPage(token: MerchantToken): PageResponse {
  return page(
    200,
    'Token refreshed',
    html`<p class="ok" id="result">Merchant app <code>${token.authAppId}</code> has a new token
(fingerprint <code class="fingerprint">${tokenFingerprint(token.appAuthToken)}</code>), valid until
<time>${new Date(token.expiresAt).toISOString()}</time>.</p>
<p><a href="/merchants">Back to the merchants</a></p>`,
  )
}

export function queriedPage(status: TokenStatus, refreshedAhead: boolean): PageResponse {
  const field = (name: string, value: string | number) =>
    html`<tr><th>${name}</th><td data-field="${name}">${value}</td></tr>`
  const time = (epochMs: number | undefined) =>
    epochMs === undefined ? '—' : new Date(epochMs).toISOString()
  const refreshNote = refreshedAhead
    ? html`<p class="ok" id="refreshed-ahead">The token was close to expiry, so it was refreshed before the query.</p>`
    : html``
  return page(
    200,
    'Token status at Alipay',
    html`${refreshNote}<table id="result">
${field('user_id', status.userId)}
${field('auth_app_id', status.authAppId)}
${field('status', status.status)}
${field('expires_in', status.expiresIn)}
${field('auth_start', time(status.authStart))}
${field('auth_end', time(status.authEnd))}
${field('auth_methods', status.authMethods.join(', '))}
</table>
<p><a href="/merchants">Back to the merchants</a></p>`,
  )
}
