/**
 * The examples' one stylesheet and icon, in the visual language of the emulator's consent page
 * and the adapters' pages (same blue, ink, cards). Inlined into every page, so a page loads
 * nothing: no second request, no external asset, no favicon 404.
 */

export const MARK = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="7" fill="#1677ff"/><path d="M9 11h14M9 16h14M9 21h9" stroke="#fff" stroke-width="2.6" stroke-linecap="round"/></svg>`

export const FAVICON = `data:image/svg+xml,${encodeURIComponent(MARK)}`

export const CONSOLE_STYLE = `
:root{--blue:#1677ff;--ink:#1f2329;--muted:#646a73;--line:#e5e6eb;--bg:#f5f6f8;--ok:#389e0d;--okbg:#f6ffed;--warn:#d46b08;--warnbg:#fff7e6;--bad:#d4380d;--badbg:#fff1f0}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
a{color:var(--blue)}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px;padding:12px 24px;background:#fff;border-bottom:1px solid var(--line)}
header.top .brand{display:flex;align-items:center;gap:10px;font-weight:600;color:var(--ink);text-decoration:none}
header.top svg{width:26px;height:26px;flex:none}
header.top nav{display:flex;gap:16px;margin-left:auto}
header.top nav a{text-decoration:none;color:var(--muted);font-weight:500}
header.top nav a[aria-current]{color:var(--ink)}
.strip{padding:10px 24px;font-size:14px;background:var(--warnbg);border-bottom:1px solid #ffd591}
main{max-width:1120px;margin:28px auto;padding:0 16px}
h1{font-size:22px;line-height:1.3;margin:0 0 16px}
h2{font-size:16px;margin:0 0 12px}
h3{font-size:15px;margin:0}
.lead{color:var(--muted);margin:-8px 0 20px}
.card>p:first-child,.card>h2+p{margin-top:0}
.card{background:#fff;border:1px solid var(--line);border-radius:12px;padding:20px 22px;box-shadow:0 1px 3px rgba(31,35,41,.06);margin-bottom:20px;min-width:0}
.grid{display:grid;gap:20px;grid-template-columns:repeat(auto-fill,minmax(min(100%,380px),1fr));margin-bottom:20px}
.grid .card{margin:0}
.fields{display:grid;grid-template-columns:fit-content(40%) minmax(0,1fr);gap:6px 16px;margin:0}
.fields dt{color:var(--muted);font-size:13px;padding-top:1px}
.fields dd{margin:0;min-width:0}
.fields .fields{grid-template-columns:fit-content(50%) minmax(0,1fr);gap:0 10px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
code{background:#f2f3f5;border-radius:4px;padding:1px 5px}
pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:10px 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.muted{color:var(--muted);font-size:13px}
.actions{display:flex;flex-wrap:wrap;gap:10px;margin-top:16px}
.actions form{display:contents}
#page-actions{margin:0 0 20px}
.button,button{display:inline-flex;align-items:center;justify-content:center;font:inherit;font-weight:600;font-size:14px;padding:9px 16px;border-radius:8px;border:1px solid var(--line);background:#fff;color:var(--ink);cursor:pointer;text-decoration:none;min-height:40px}
.button.primary,button.primary{background:var(--blue);border-color:var(--blue);color:#fff}
.button:hover,button:hover{filter:brightness(.96)}
.merchant header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:8px;margin-bottom:14px}
.badge{display:inline-block;font-size:12px;font-weight:600;border-radius:999px;padding:2px 10px;white-space:nowrap;background:#f2f3f5;color:var(--muted)}
.badge.ok{background:var(--okbg);color:var(--ok)}
.badge.warn{background:var(--warnbg);color:var(--warn)}
.badge.bad{background:var(--badbg);color:var(--bad)}
.panel{border-radius:12px;padding:16px 20px;margin-bottom:20px;border:1px solid}
.panel p{margin:0 0 8px}.panel p:last-child{margin:0}
.panel.ok{background:var(--okbg);border-color:#b7eb8f}
.panel.error{background:var(--badbg);border-color:#ffa39e}
.panel .fields{margin-top:10px}
.detail{margin-top:10px;font-size:13px;color:var(--muted)}
.empty{text-align:center;padding:36px 22px}
ul.plain{margin:0;padding-left:18px}
footer{max-width:1120px;margin:0 auto 28px;padding:0 16px;font-size:12px;color:var(--muted)}
@media (max-width:520px){header.top{padding:10px 16px}header.top nav{margin-left:0}.strip{padding:10px 16px}main{margin:16px auto}.card{padding:16px}.fields{grid-template-columns:1fr;gap:0}.fields dd{margin-bottom:8px}.actions>*{flex:1 1 100%}}
`
