const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Ids from Alipay's answer and paths from the app's options: treat them as untrusted text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character)
}

// Self-contained: the CSS is inline and the icon a data URI, so the page loads nothing, from the
// app or elsewhere, and reads on a phone (the QR path ends on one).
const ICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1677ff"/><circle cx="16" cy="16" r="6" fill="#fff"/></svg>')}`
const STYLE = `*{box-sizing:border-box}
body{margin:0;background:#f5f6f8;color:#1f2329;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:560px;margin:48px auto;padding:0 16px}
.card{background:#fff;border:1px solid #e5e6eb;border-radius:12px;padding:28px;box-shadow:0 1px 3px rgba(31,35,41,.06);overflow-wrap:anywhere}
h1{font-size:20px;line-height:1.3;margin:0 0 12px}
.status{width:52px;height:52px;border-radius:50%;display:grid;place-items:center;font-size:26px;font-weight:700;margin-bottom:14px;background:#f0f6ff;color:#1677ff}
.status.error{background:#fff1f0;color:#d4380d}
.code{font-size:13px;color:#646a73}
code,strong{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
.actions a{display:block;margin-top:20px;padding:11px 16px;border-radius:8px;background:#1677ff;color:#fff;font-weight:600;text-align:center;text-decoration:none}
@media (max-width:480px){main{margin:16px auto}.card{padding:20px}}`

/** The page an adapter answers a browser with; `title` is escaped, `body` is the card's markup. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="${ICON}"><style>${STYLE}</style></head>
<body><main><div class="card">${body}</div></main></body></html>
`
}
