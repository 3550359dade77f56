import type { RegisteredApp } from './apps.js'
import type { MerchantRecord } from './contract.js'
import { escapeHtml, page } from './page-shell.js'

/**
 * The consent page's three faces (docs/protocol.md §2): the form, the page after Cancel, an error.
 * Tests and headless browsers read the form by its markup: `<form method="post" action=…>`,
 * `<input type="hidden" name=… value=…>`, radio inputs `name="user_id" id="merchant-…"`, and the
 * buttons `#authorize` and `#cancel`; keep those exact.
 */

export function consentForm(
  path: string,
  app: RegisteredApp,
  carried: Record<string, string>,
  merchants: MerchantRecord[],
  redirectUri: string,
  grant: { apis: string[] },
): string {
  const hidden = Object.entries(carried)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('\n  ')
  const choices = merchants.map((merchant, index) => {
    const id = `merchant-${escapeHtml(merchant.user_id)}`
    const apps = merchant.auth_app_ids.map(escapeHtml).join(', ')
    const count = merchant.auth_app_ids.length === 1 ? 'app' : 'apps'
    return `<li><input type="radio" name="user_id" id="${id}" value="${escapeHtml(merchant.user_id)}"${index === 0 ? ' checked' : ''}><label for="${id}"><span class="name">${escapeHtml(merchant.name)}</span><span class="ids">${escapeHtml(merchant.user_id)} · ${count} ${apps}</span></label></li>`
  })
  const name = appName(app)
  return page(
    `Authorize ${name}`,
    `<div class="app"><div class="avatar" aria-hidden="true">${escapeHtml(name.slice(0, 1).toUpperCase())}</div>
<div><h1>${escapeHtml(name)} asks to act for your merchant account</h1><p class="muted">App ID ${escapeHtml(app.registration.app_id)} · third-party app authorization</p></div></div>
<form method="post" action="${escapeHtml(path)}" id="consent">
  ${hidden}
  <fieldset><legend>Merchant account</legend>
    <ul class="merchants">
    ${choices.join('\n    ') || '<li class="muted">No merchants: add one with POST /__admin/merchants.</li>'}
    </ul>
  </fieldset>
  <section class="grant"><h2>${escapeHtml(name)} will be able to</h2><ul>
    <li>call every Alipay open API of its products for the chosen account's apps, with one app authorization token each${grantedApis(grant.apis)};</li>
    <li>keep that access until you cancel it, or authorize again;</li>
    <li>hear from Alipay when you authorize or cancel.</li>
  </ul></section>
  <p class="note">After you authorize, your browser goes back to ${escapeHtml(originOf(redirectUri))}.</p>
  <div class="actions">
    <button type="submit" name="decision" value="authorize" id="authorize" class="primary">Authorize</button>
    <button type="submit" name="decision" value="cancel" id="cancel">Cancel</button>
  </div>
</form>`,
  )
}

/** The APIs the emulator answers for the app (its stubs), where there are any. */
function grantedApis(apis: string[]): string {
  if (apis.length === 0) return ''
  const items = apis.map((api) => `<li><code>${escapeHtml(api)}</code></li>`).join('')
  return `, among them:<ul id="granted-apis">${items}</ul>`
}

/** After Cancel: no code, no redirect, as on Alipay's page; the app's attempt just expires. */
export function cancelledPage(app: RegisteredApp): string {
  const name = escapeHtml(appName(app))
  return page(
    'Authorization cancelled',
    `<div class="status neutral" aria-hidden="true">&#215;</div>
<h1 id="cancelled">Authorization cancelled</h1>
<p class="muted">${name} was given nothing. You can close this page, or go back to ${name} to start again.</p>`,
  )
}

export function errorPage(message: string): string {
  return page(
    'Authorization failed',
    `<div class="status error" aria-hidden="true">!</div>
<h1>This authorization cannot continue</h1>
<p id="error">${escapeHtml(message)}</p>
<p class="muted">Nothing was granted. The link that brought you here needs fixing by the app that sent it.</p>`,
  )
}

function appName(app: RegisteredApp): string {
  return app.registration.app_name ?? `App ${app.registration.app_id}`
}

function originOf(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : url
}
