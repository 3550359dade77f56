import type { MerchantToken } from '@alipay-isv/core'
import type { MetricsSnapshot } from './auth-metrics.js'
import type { ExampleConfig } from './config.js'
import type { ActionResult } from './error-page.js'
import { healthPanel } from './health-panel.js'
import { type Html, html, join, type PageResponse, page } from './html.js'
import { actionsHtml, pageActions } from './merchant-action-list.js'
import { merchantCard } from './merchant-card.js'
import { trustModeLine, trustPanel } from './trust-panel.js'

export function homePage(config: ExampleConfig, strips: Html[] = []): PageResponse {
  const { appId, authUrl, gateway } = config.alipay
  const alipay = authUrl ?? gateway ?? 'Alipay (production)'
  return page(
    200,
    'Merchant authorization',
    html`<p class="lead">Merchants authorize this ISV app on Alipay’s page; their tokens are stored here and refreshed ahead of expiry.</p>
<div class="grid">
<section class="card"><h2>Connect a merchant</h2>
<p>Send the merchant to Alipay’s consent page from this browser, or show a QR code for the merchant to scan with the Alipay app.</p>
<div class="actions"><a class="button primary" id="authorize" href="/alipay/authorize">Authorize with Alipay</a>
<a class="button" id="authorize-qr" href="/alipay/authorize/qr">Authorize on your phone</a></div>
<p class="muted">Already connected: <a href="/merchants">the authorized merchants</a>.</p></section>
<section class="card"><h2>This app</h2>
<dl class="fields">
<dt>App ID</dt><dd><code>${appId}</code></dd>
<dt>Alipay</dt><dd><code>${alipay}</code></dd>
<dt>Signing</dt><dd>${trustModeLine(config.trust)}</dd>
<dt>Invitations</dt><dd>${invitesLine(config.invites)}</dd>
</dl></section>
</div>`,
    { current: 'home', strips },
  )
}

function invitesLine(invites: boolean): Html {
  return invites
    ? html`<span id="invites" data-invites="on">Invitation links and QR codes made in the Alipay console (邀请商家授权) are accepted: those merchants are listed as coming from an invitation (<code>ALIPAY_INVITES=off</code> refuses them).</span>`
    : html`<span id="invites" data-invites="off">Invitation links from the Alipay console are refused (<code>ALIPAY_INVITES=off</code>).</span>`
}

export interface MerchantsView {
  /** One page of merchants, in `authAppId` order. */
  merchants: MerchantToken[]
  /** Where this page starts (`after`) and the next one (`next`); absent: the only page. */
  paging?: { after?: string; next?: string }
  metrics: MetricsSnapshot
  trust: ExampleConfig['trust']
  /** What a button just did, shown above the merchants; its status is the page's. */
  result?: ActionResult
  notice?: Html
  /** Notes about the whole app, e.g. the emulator's moved clock. */
  strips?: Html[]
  /** Epoch ms the expiries are counted from; default now. */
  now?: number
  /** Under the table: how tokens are stored, and the Re-encrypt tokens button. */
  tokenKeys?: Html
}

export function merchantsPage(view: MerchantsView): PageResponse {
  const now = view.now ?? Date.now()
  const sorted = [...view.merchants].sort((a, b) => a.authAppId.localeCompare(b.authAppId))
  const list =
    sorted.length === 0
      ? html`<section class="card empty" id="empty"><h2>No merchant yet</h2><p>No merchant has authorized this app yet. Authorize one to see its token here.</p></section>`
      : html`<section class="grid" id="merchants">
${join(sorted.map((merchant) => merchantCard(merchant, now)))}
</section>`
  const notice =
    view.notice === undefined
      ? html``
      : html`<div class="panel ok" id="notice">${view.notice}</div>`
  return page(
    view.result?.status ?? 200,
    'Authorized merchants',
    html`${notice}${view.result?.panel ?? html``}${actionsHtml(pageActions(), 'page-actions')}
${list}
${pageLinks(view.paging)}
${view.tokenKeys ?? html``}
<h2>Checking Alipay’s answers</h2>
<section class="card">${trustPanel(view.trust, view.metrics.learnedCertificates)}</section>
${healthPanel(view.metrics)}`,
    { current: 'merchants', strips: view.strips },
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
