import { CONSOLE_STYLE, FAVICON, MARK } from './console-style.js'

/** Everything shown on a page passes through here: merchant ids, Alipay messages, query values. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** A tagged template whose interpolations are escaped unless they are already `Html`. */
export function html(
  strings: TemplateStringsArray,
  ...values: Array<Html | string | number>
): Html {
  let out = strings[0] ?? ''
  values.forEach((value, i) => {
    out += value instanceof Html ? value.text : escapeHtml(value)
    out += strings[i + 1] ?? ''
  })
  return new Html(out)
}

/** Markup that is safe to insert as it is. */
export class Html {
  constructor(readonly text: string) {}
}

export function join(parts: Html[]): Html {
  return new Html(parts.map((part) => part.text).join('\n'))
}

/** A rendered page and the HTTP status to answer it with. */
export interface PageResponse {
  status: number
  html: string
}

/** What the frame around a page shows besides its body. */
export interface PageFrame {
  /** Which entry of the navigation is this page. */
  current?: 'home' | 'merchants'
  /** Notes about the whole app shown above the page, e.g. the emulator's moved clock. */
  strips?: Html[]
}

/** A whole console page: `title` is escaped, `body` is markup; the style and icon are inline. */
export function page(
  status: number,
  title: string,
  body: Html,
  frame: PageFrame = {},
): PageResponse {
  const current = (name: PageFrame['current']) =>
    frame.current === name ? ' aria-current="page"' : ''
  const strips = (frame.strips ?? []).map((strip) => `<div class="strip">${strip.text}</div>\n`)
  return {
    status,
    html: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ISV console (example)</title>
<link rel="icon" href="${FAVICON}">
<style>${CONSOLE_STYLE}</style>
</head>
<body>
<header class="top"><a class="brand" href="/">${MARK}<span>ISV console</span></a>
<nav><a href="/"${current('home')}>Home</a><a href="/merchants"${current('merchants')}>Merchants</a></nav></header>
${strips.join('')}<main>
<h1>${escapeHtml(title)}</h1>
${body.text}
</main>
<footer>An example app of alipay-isv: merchants authorize it on Alipay; their tokens are kept and refreshed here.</footer>
</body>
</html>
`,
  }
}
