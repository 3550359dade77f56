/**
 * The frame of every page the emulator shows a person (the consent page, its outcomes): one
 * self-contained document, its CSS inline and its icon a data URI, so it loads nothing from
 * anywhere. Laid out for a desktop window and, since a QR code leads there, a phone.
 */

const MARK = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="7" fill="#1677ff"/><path d="M9 17l5 5 9-11" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/></svg>`
const FAVICON = `data:image/svg+xml,${encodeURIComponent(MARK)}`

const STYLE = `
:root{--blue:#1677ff;--ink:#1f2329;--muted:#646a73;--line:#e5e6eb;--bg:#f5f6f8}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header{display:flex;align-items:center;gap:10px;padding:14px 24px;background:#fff;border-bottom:1px solid var(--line)}
header svg{width:26px;height:26px}
header .brand{font-weight:600}
header .tag{margin-left:auto;font-size:12px;color:var(--muted);border:1px solid var(--line);border-radius:999px;padding:2px 10px;white-space:nowrap}
main{max-width:560px;margin:32px auto;padding:0 16px}
.card{background:#fff;border:1px solid var(--line);border-radius:12px;padding:28px;box-shadow:0 1px 3px rgba(31,35,41,.06)}
.app{display:flex;gap:16px;align-items:center;margin-bottom:24px}
.avatar{flex:none;width:52px;height:52px;border-radius:12px;background:var(--blue);color:#fff;display:grid;place-items:center;font-size:24px;font-weight:600}
h1{font-size:20px;line-height:1.3;margin:0 0 8px}
.app h1{margin:0}
.muted{color:var(--muted);font-size:13px;margin:2px 0 0;overflow-wrap:anywhere}
fieldset{border:0;padding:0;margin:0 0 22px;min-width:0}
legend,h2{font-size:14px;font-weight:600;margin:0 0 10px;padding:0}
.merchants{list-style:none;margin:0;padding:0;display:grid;gap:8px}
.merchants li{position:relative}
.merchants input{position:absolute;left:16px;top:50%;transform:translateY(-50%);width:18px;height:18px;margin:0;accent-color:var(--blue)}
.merchants label{display:block;padding:12px 16px 12px 46px;border:1px solid var(--line);border-radius:10px;cursor:pointer}
.merchants input:checked+label{border-color:var(--blue);background:#f0f6ff}
.merchants input:focus-visible+label{outline:2px solid var(--blue);outline-offset:2px}
.merchants .name{display:block;font-weight:600}
.merchants .ids{display:block;font-size:12px;color:var(--muted);overflow-wrap:anywhere}
.grant ul{margin:0 0 22px;padding-left:20px}
.grant li{margin:4px 0}
.note{font-size:13px;color:var(--muted);margin:0 0 22px;overflow-wrap:anywhere}
.actions{display:flex;flex-direction:row-reverse;gap:12px}
button{flex:1;font:inherit;font-weight:600;padding:11px 16px;border-radius:8px;border:1px solid var(--line);background:#fff;color:var(--ink);cursor:pointer}
button.primary{background:var(--blue);border-color:var(--blue);color:#fff}
button:hover{filter:brightness(.96)}
.status{width:52px;height:52px;border-radius:50%;display:grid;place-items:center;font-size:26px;font-weight:700;margin-bottom:14px}
.status.error{background:#fff1f0;color:#d4380d}
.status.neutral{background:#f2f3f5;color:var(--muted)}
footer{max-width:560px;margin:0 auto 32px;padding:0 16px;font-size:12px;color:var(--muted);text-align:center}
@media (max-width:480px){header{padding:12px 16px}main{margin:16px auto}.card{padding:20px}.actions{flex-direction:column}}
`

/** A whole page: `title` is escaped; `card` is markup, shown in the page's one card. */
export function page(title: string, card: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · mock-alipay</title>
<link rel="icon" href="${FAVICON}">
<style>${STYLE}</style>
</head>
<body>
<header>${MARK}<span class="brand">mock-alipay</span><span class="tag">Offline Alipay emulator</span></header>
<main><div class="card">
${card}
</div></main>
<footer>An emulator of Alipay's app authorization page: no Alipay account is involved.</footer>
</body>
</html>
`
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
