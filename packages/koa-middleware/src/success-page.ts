import type { MerchantToken } from '@alipay-isv/core'

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character)
}

/** The page a callback answers when no `successRedirect` is set: which merchants are in. */
export function renderSuccessPage(merchants: MerchantToken[]): string {
  const items = merchants
    .map((merchant) => {
      const app = escapeHtml(merchant.authAppId)
      const user = escapeHtml(merchant.userId)
      return `<li>app <code>${app}</code> (merchant <code>${user}</code>)</li>`
    })
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorized</title></head>
<body><h1>Authorization complete</h1><p>These merchant apps are now authorized:</p><ul>${items}</ul></body></html>
`
}
