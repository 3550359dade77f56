import type { MerchantToken } from '@alipay-isv/core'
import type { MetricsSnapshot } from './auth-metrics.js'
import type { ExampleConfig } from './config.js'
import type { ActionResult } from './error-page.js'
import { healthPanel } from './health-panel.js'
import { type Html, html, join, type PageResponse, page } from './html.js'
import { timeFromNowHtml } from './readable-time.js'
import { tokenFingerprint } from './token-fingerprint.js'
import { trustModeLine, trustPanel } from './trust-panel.js'

export function homePage(config: ExampleConfig): PageResponse {
  const { appId, authUrl, gateway } = config.alipay
  const alipay = authUrl ?? gateway ?? 'Alipay (production)'
  return page(
    200,
    'Merchant authorization',
    html`<p>ISV app <code>${appId}</code>, talking to <code>${alipay}</code>. Merchants authorize it
on Alipay’s page; their tokens are stored here and refreshed ahead of expiry.</p>
${trustModeLine(config.trust)}
${invitesLine(config.invites)}
<p><a class="button" id="authorize" href="/alipay/authorize">Authorize with Alipay</a>
<a class="button" id="authorize-qr" href="/alipay/authorize/qr">Authorize on your phone</a></p>
<p><a href="/merchants">Authorized merchants</a></p>`,
  )
}

function invitesLine(invites: boolean): Html {
  return invites
    ? html`<p id="invites" data-invites="on">Invitation links and QR codes made in the Alipay console (邀请商家授权) are accepted too: those merchants are listed as <code>invite</code> (<code>ALIPAY_INVITES=off</code> refuses them).</p>`
    : html`<p id="invites" data-invites="off">Invitation links from the Alipay console are refused (<code>ALIPAY_INVITES=off</code>).</p>`
}

export interface MerchantsView {
  /** One page of merchants, in `authAppId` order. */
  merchants: MerchantToken[]
  /** Where this page starts (`after`) and the next one (`next`); absent: the only page. */
  paging?: { after?: string; next?: string }
  metrics: MetricsSnapshot
  trust: ExampleConfig['trust']
  /** What a button just did, shown above the table; its status is the page's. */
  result?: ActionResult
  notice?: string
  /** Epoch ms the expiries are counted from; default now. */
  now?: number
}

export function merchantsPage(view: MerchantsView): PageResponse {
  const now = view.now ?? Date.now()
  const sorted = [...view.merchants].sort((a, b) => a.authAppId.localeCompare(b.authAppId))
  const rows = sorted.map(
    (merchant) => html`<tr data-auth-app-id="${merchant.authAppId}">
  <td>${merchant.userId}</td><td>${merchant.authAppId}</td>
  <td class="via">${merchant.via}</td><td class="context">${contextText(merchant)}</td>
  <td class="status">${merchant.status}</td>
  <td class="expires">${timeFromNowHtml(merchant.expiresAt, now)}</td>
  <td><code class="fingerprint">${tokenFingerprint(merchant.appAuthToken)}</code></td>
  <td>${merchantActions(merchant)}</td>
</tr>`,
  )
  const table =
    rows.length === 0
      ? html`<p id="empty">No merchant has authorized this app yet. <a href="/alipay/authorize">Authorize with Alipay</a>.</p>`
      : html`<table id="merchants">
<thead><tr><th>user_id</th><th>auth_app_id</th><th>via</th><th>context</th><th>status</th><th>token expires</th><th>token fingerprint</th><th></th></tr></thead>
<tbody>
${join(rows)}
</tbody>
</table>`
  const banner =
    view.notice === undefined ? html`` : html`<p class="ok" id="notice">${view.notice}</p>`
  return page(
    view.result?.status ?? 200,
    'Authorized merchants',
    html`${banner}${view.result?.panel ?? html``}${table}
${pageLinks(view.paging)}
<h2>Checking Alipay’s answers</h2>
${trustPanel(view.trust, view.metrics.learnedCertificates)}
${healthPanel(view.metrics)}`,
  )
}

/** Links to the first and the next page of merchants, when there are other pages. */
function pageLinks(paging: MerchantsView['paging']): Html {
  const first =
    paging?.after === undefined
      ? html``
      : html`<a id="first-page" href="/merchants">First page</a> `
  const next =
    paging?.next === undefined
      ? html``
      : html`<a id="next-page" rel="next" href="/merchants?after=${encodeURIComponent(paging.next)}">Next page</a>`
  return paging?.after === undefined && paging?.next === undefined
    ? html``
    : html`<p id="paging">${first}${next}</p>`
}

/** The context the app attached when the authorization started, as JSON; none for invitations. */
function contextText(merchant: MerchantToken): string {
  return merchant.context === undefined ? '—' : JSON.stringify(merchant.context)
}

/** Refresh and Query for an active merchant; a cancelled one can only authorize again. */
function merchantActions(merchant: MerchantToken): Html {
  if (merchant.status !== 'active') {
    return html`<a href="/alipay/authorize" class="reauthorize">Authorize again</a>`
  }
  return html`${actionButton(merchant.authAppId, 'refresh', 'Refresh')}${actionButton(merchant.authAppId, 'query', 'Query')}`
}

function actionButton(authAppId: string, action: 'refresh' | 'query', label: string): Html {
  return html`<form method="post" action="/merchants/${encodeURIComponent(authAppId)}/${action}"><button type="submit" name="${action}">${label}</button></form>`
}
