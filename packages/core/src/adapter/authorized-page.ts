import type { MerchantToken } from '../stores/types.js'
import { escapeHtml, htmlPage } from './html.js'

/**
 * The small page an adapter's callback answers when the app gives no `successRedirect`: which
 * merchant apps are now authorized. Only ids, never a token.
 */
export function renderAuthorizedPage(
  merchants: ReadonlyArray<Pick<MerchantToken, 'authAppId' | 'userId'>>,
): string {
  return htmlPage(
    'Authorization complete',
    `<div class="status" aria-hidden="true">&#10003;</div><h1>Authorization complete</h1>` +
      `<p>These merchant apps are now authorized:</p>${merchantList(merchants)}`,
  )
}

/** The merchant apps as an HTML list of escaped ids. */
export function merchantList(
  merchants: ReadonlyArray<Pick<MerchantToken, 'authAppId' | 'userId'>>,
): string {
  const items = merchants.map((merchant) => {
    const app = escapeHtml(merchant.authAppId)
    const user = escapeHtml(merchant.userId)
    return `<li>app <code>${app}</code> (merchant <code>${user}</code>)</li>`
  })
  return `<ul>${items.join('')}</ul>`
}
