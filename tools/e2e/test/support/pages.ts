/** One row of the example's /merchants table, as a person reads it. */
export interface MerchantRow {
  authAppId: string
  userId: string
  /** How the merchant authorized: browser, qr, invite or notification. */
  via: string
  /** The authorization's context as JSON, or — when it has none. */
  context: string
  status: string
  /** ISO 8601, from the `datetime` of the expiry people read. */
  expires: string
  fingerprint: string
  /** The row's buttons: Refresh, Query and the trade query for an active merchant, none for a cancelled one. */
  actions: string[]
}

export function merchantRows(html: string): MerchantRow[] {
  const rows = html.matchAll(
    /<tr data-auth-app-id="([^"]+)">\s*<td>([^<]*)<\/td><td>[^<]*<\/td>\s*<td class="via">([^<]*)<\/td><td class="context">([^<]*)<\/td>\s*<td class="status">([^<]*)<\/td>\s*<td class="expires"><time datetime="([^"]*)">[^<]*<\/time>[^<]*<\/td>\s*<td><code class="fingerprint">([^<]*)<\/code><\/td>\s*<td>(.*)<\/td>\s*<\/tr>/g,
  )
  return [...rows].map(
    ([, authAppId, userId, via, context, status, expires, fingerprint, actions]) => ({
      authAppId: authAppId ?? '',
      userId: userId ?? '',
      via: via ?? '',
      context: decodeEntities(context ?? ''),
      status: status ?? '',
      expires: expires ?? '',
      fingerprint: fingerprint ?? '',
      actions: [...(actions ?? '').matchAll(/<button type="submit" name="([^"]+)">/g)].map(
        ([, name]) => name ?? '',
      ),
    }),
  )
}

/** The code and message of an error page (the examples' own, or an adapter's failed callback), or undefined on any other page. */
export function errorShown(html: string): { code: string; message: string } | undefined {
  const code = /<strong id="error-code">([^<]*)<\/strong>/.exec(html)?.[1]
  const message = /<p id="error-message">([^<]*)<\/p>/.exec(html)?.[1]
  return code === undefined ? undefined : { code, message: message ?? '' }
}

/** Text as a person reads it: the pages write every character HTML could misread as `&#NN;`. */
export function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
}

/** The result panel a Refresh or Query button puts above the merchants table, or undefined. */
export function resultShown(html: string): string | undefined {
  return /<div class="ok" id="result"[\s\S]*?<\/div>/.exec(html)?.[0]
}
