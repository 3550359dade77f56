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

export function page(status: number, title: string, body: Html): PageResponse {
  return {
    status,
    html: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Alipay ISV example</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a }
  table { border-collapse: collapse; width: 100% } th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd }
  form { display: inline } button, .button { font: inherit; padding: .3rem .8rem; margin-right: .3rem; cursor: pointer }
  .button { display: inline-block; background: #1677ff; color: #fff; text-decoration: none; border-radius: 4px }
  .error { border-left: 4px solid #d4380d; padding: .5rem 1rem; background: #fff2e8 }
  .ok { border-left: 4px solid #389e0d; padding: .5rem 1rem; background: #f6ffed }
  #result, .error { margin-bottom: 1rem }
  code { background: #f5f5f5; padding: 0 .2rem } #merchants td:last-child, td.expires time { white-space: nowrap }
</style>
</head>
<body>
<nav><a href="/">Home</a> · <a href="/merchants">Merchants</a></nav>
<h1>${escapeHtml(title)}</h1>
${body.text}
</body>
</html>
`,
  }
}
