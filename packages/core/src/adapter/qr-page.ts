import type { QrMerchant } from '../auth/qr-status.js'
import { merchantList } from './authorized-page.js'
import { escapeHtml, htmlPage } from './html.js'

export interface QrPageContent {
  url: string
  statusUrl: string
  expiresAt: number
  /** The QR code of `url`, as `qrSvg` renders it. */
  qrSvg: string
  /** Where to go on once authorized (an adapter's `successRedirect`): a link shown then. */
  continueUrl?: string
}

/**
 * Polls the status URL every two seconds until the authorization ends, and shows the outcome:
 * `data-status` on `#qr-authorization` (pending, authorized, failed, expired), a sentence in
 * `#status`, the merchant apps in `#merchants`, and once authorized the link `#qr-continue`. Built with `textContent` only: nothing the
 * server answers is parsed as markup. Static, so a Content-Security-Policy can allow it by hash.
 */
const statusScript = `(() => {
  const root = document.getElementById('qr-authorization')
  const line = document.getElementById('status')
  const list = document.getElementById('merchants')
  const expiry = document.getElementById('expires')
  const heading = root.querySelector('h1')
  const headings = { authorized: 'Authorization complete', failed: 'Authorization failed', expired: 'QR code expired' }
  expiry.textContent = new Date(expiry.dateTime).toLocaleTimeString()
  const sentences = {
    pending: 'Waiting for the merchant to approve in the Alipay app…',
    authorized: 'Authorized. These merchant apps are now connected:',
    failed: 'The authorization failed: ',
    expired: 'This QR code has expired. Reload the page for a new one.',
  }
  const show = (body) => {
    root.dataset.status = body.status
    if (headings[body.status]) heading.textContent = headings[body.status]
    line.textContent = sentences[body.status] + (body.error ? body.error.code + ': ' + body.error.message : '')
    list.replaceChildren(...body.merchants.map((merchant) => {
      const item = document.createElement('li')
      item.textContent = 'app ' + merchant.auth_app_id + ' (merchant ' + merchant.user_id + ')'
      return item
    }))
    for (const id of ['qr', 'qr-note']) document.getElementById(id).hidden = body.status !== 'pending'
    const onward = document.getElementById('qr-continue')
    if (onward) onward.hidden = body.status !== 'authorized'
  }
  const poll = async () => {
    try {
      const response = await fetch(root.dataset.statusUrl, { headers: { accept: 'application/json' }, cache: 'no-store' })
      if (response.status === 404) return show({ status: 'expired', merchants: [] })
      const body = await response.json()
      show(body)
      if (body.status === 'pending') setTimeout(poll, 2000)
    } catch {
      setTimeout(poll, 5000)
    }
  }
  setTimeout(poll, 2000)
})()`

/**
 * The desktop's page for the phone path: the QR code, its link, and a status that changes
 * without a reload when the merchant approves on the phone.
 */
export function renderQrPage(content: QrPageContent): string {
  const url = escapeHtml(content.url)
  const onward =
    content.continueUrl === undefined
      ? ''
      : `<p id="qr-continue" class="actions" hidden><a href="${escapeHtml(content.continueUrl)}">Continue on the site</a></p>\n`
  const expiresAt = new Date(content.expiresAt).toISOString()
  return htmlPage(
    'Authorize on your phone',
    `<section id="qr-authorization" data-status="pending" data-status-url="${escapeHtml(content.statusUrl)}">
<h1>Authorize on your phone</h1>
<div id="qr"><p>Scan this code with the Alipay app and approve the authorization on the phone.</p>
<figure id="qr-code" style="width:240px;max-width:100%;margin:16px auto">${content.qrSvg}</figure>
<p>Or open this link in the Alipay app: <a id="qr-link" href="${url}">${url}</a></p>${onlyThisComputer(content.url)}</div>
<p id="status" role="status" aria-live="polite">Waiting for the merchant to approve in the Alipay app…</p>
<ul id="merchants"></ul>
${onward}<p class="code" id="qr-note">The code expires at <time id="expires" datetime="${expiresAt}">${expiresAt}</time>. Show it only to the merchant: whoever scans it can authorize their own Alipay account here.</p>
</section>
<script>${statusScript}</script>`,
  )
}

/**
 * A code for a loopback address (a site run on a developer's machine) opens on that machine alone:
 * a phone that scans it looks for the site on itself. Said on the page, so nobody scans in vain.
 */
function onlyThisComputer(url: string): string {
  const host = new URL(url).hostname
  const loopback = host === 'localhost' || host === '[::1]' || /^127\./.test(host)
  return loopback
    ? `<p class="code" id="qr-local">This code points to <code>${escapeHtml(host)}</code>, which only this computer can open: a phone that scans it cannot reach the site. To try it with a phone, run the site on an address the phone reaches (its redirectUri names it).</p>`
    : ''
}

/** The phone's page after its callback: the authorization is done, the computer shows it. */
export function renderQrCompletePage(merchants: readonly QrMerchant[]): string {
  return htmlPage(
    'Authorization complete',
    `<div class="status" aria-hidden="true">&#10003;</div><h1>Authorization complete</h1><p id="qr-complete">You can close this page and look back at your computer: it now shows these merchant apps as authorized.</p>${merchantList(merchants)}`,
  )
}

/** The QR link once its authorization completed or expired (a late scan, an old photo). */
export function renderQrLinkEndedPage(): string {
  return htmlPage(
    'This QR code is no longer valid',
    '<h1>This QR code is no longer valid</h1><p id="qr-ended">Its authorization has completed or expired. To authorize, ask for a new QR code on the computer.</p>',
  )
}
