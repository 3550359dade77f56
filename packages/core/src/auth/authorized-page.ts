import type { MerchantToken } from '../stores/types.js'

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Ids come from Alipay's answer: treat them as untrusted text. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character)
}

/**
 * The small page an adapter's callback answers when the app gives no `successRedirect`: which
 * merchant apps are now authorized. Only ids, never a token.
 */
export function renderAuthorizedPage(
  merchants: ReadonlyArray<Pick<MerchantToken, 'authAppId' | 'userId'>>,
): string {
  const items = merchants
    .map((merchant) => {
      const app = escapeHtml(merchant.authAppId)
      const user = escapeHtml(merchant.userId)
      return `<li>app <code>${app}</code> (merchant <code>${user}</code>)</li>`
    })
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorization complete</title></head>
<body><h1>Authorization complete</h1><p>These merchant apps are now authorized:</p><ul>${items}</ul></body></html>
`
}
