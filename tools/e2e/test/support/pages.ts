/** One merchant card of the example's /merchants page, as a person reads it. */
export interface MerchantRow {
  authAppId: string
  userId: string
  /** How the merchant authorized: browser, qr, invite or notification. */
  via: string
  /** The authorization's context as JSON, or — when it has none. */
  context: string
  /** The record's status: active, cancelled or needs-reauthorization. */
  status: string
  /** ISO 8601, from the `datetime` of the expiry people read; empty when none is shown. */
  expires: string
  fingerprint: string
  /** The card's buttons: Refresh, Query and the trade query for an active merchant, none for a cancelled one. */
  actions: string[]
}

export function merchantRows(html: string): MerchantRow[] {
  const cards = html.matchAll(
    /<article class="card merchant" data-auth-app-id="([^"]+)" data-status="([^"]+)">([\s\S]*?)<\/article>/g,
  )
  return [...cards].map(([, authAppId, status, card = '']) => {
    const context = /data-context="([^"]*)"/.exec(card)?.[1] ?? ''
    return {
      authAppId: authAppId ?? '',
      userId: /<dt>Merchant \(user_id\)<\/dt><dd><code>([^<]*)<\/code>/.exec(card)?.[1] ?? '',
      via: /data-via="([^"]*)"/.exec(card)?.[1] ?? '',
      context: context === '' ? '—' : decodeEntities(context),
      status: status ?? '',
      expires: /<dd class="expires">[^<]*<time datetime="([^"]*)">/.exec(card)?.[1] ?? '',
      fingerprint: /<code class="fingerprint">([^<]*)<\/code>/.exec(card)?.[1] ?? '',
      actions: [...card.matchAll(/<button type="submit" class="[^"]*" name="([^"]+)">/g)].map(
        ([, name]) => name ?? '',
      ),
    }
  })
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
  return /<div class="panel ok" id="result"[\s\S]*?<\/div>/.exec(html)?.[0]
}
