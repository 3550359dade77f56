/** One row of the example's /merchants table, as a person reads it. */
export interface MerchantRow {
  authAppId: string
  userId: string
  status: string
  expires: string
  fingerprint: string
}

export function merchantRows(html: string): MerchantRow[] {
  const rows = html.matchAll(
    /<tr data-auth-app-id="([^"]+)">\s*<td>([^<]*)<\/td><td>[^<]*<\/td>\s*<td class="status">([^<]*)<\/td>\s*<td><time>([^<]*)<\/time><\/td>\s*<td><code class="fingerprint">([^<]*)<\/code>/g,
  )
  return [...rows].map(([, authAppId, userId, status, expires, fingerprint]) => ({
    authAppId: authAppId ?? '',
    userId: userId ?? '',
    status: status ?? '',
    expires: expires ?? '',
    fingerprint: fingerprint ?? '',
  }))
}

/** The code and message of an error page (the examples' own, or an adapter's failed callback), or undefined on any other page. */
export function errorShown(html: string): { code: string; message: string } | undefined {
  const code = /<strong id="error-code">([^<]*)<\/strong>/.exec(html)?.[1]
  const message = /<p id="error-message">([^<]*)<\/p>/.exec(html)?.[1]
  return code === undefined ? undefined : { code, message: message ?? '' }
}
