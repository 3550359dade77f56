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

/** The page shown after a successful callback when no `successRedirect` is configured. */
export function renderSuccessPage(merchants: MerchantToken[]): string {
  const items = merchants
    .map(
      (merchant) => `<li>${escapeHtml(merchant.authAppId)} (${escapeHtml(merchant.userId)})</li>`,
    )
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorization complete</title></head>
<body><h1>Authorization complete</h1><p>Authorized merchant apps:</p><ul>${items}</ul></body></html>
`
}
