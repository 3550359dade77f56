/**
 * The merchants page's buttons change state, so a POST another site makes the browser send is
 * refused. Browsers name the initiator in `Sec-Fetch-Site` (or at least `Origin`).
 */
export function isCrossSitePost(headers: {
  origin?: string
  host?: string
  'sec-fetch-site'?: string
}): boolean {
  const site = headers['sec-fetch-site']
  if (site !== undefined) return site !== 'same-origin' && site !== 'none'
  if (headers.origin === undefined || headers.origin === 'null') return headers.origin === 'null'
  try {
    return new URL(headers.origin).host !== headers.host
  } catch {
    return true
  }
}
