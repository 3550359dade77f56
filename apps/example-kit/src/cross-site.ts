import { errorPage } from './error-page.js'
import type { PageResponse } from './html.js'

type Headers = Record<string, string | string[] | undefined>

/**
 * The merchants page's buttons change state, so a POST another site makes the browser send is
 * refused: the error page to answer, or undefined when the request came from this app's pages.
 */
export function refuseCrossSitePost(headers: Headers): PageResponse | undefined {
  if (!isCrossSite(headers)) return undefined
  return errorPage(403, 'CROSS_SITE_REQUEST', 'This form must be sent from this app’s own pages.')
}

/** Browsers name the initiator in `Sec-Fetch-Site`; older ones at least send `Origin`. */
function isCrossSite(headers: Headers): boolean {
  const site = headers['sec-fetch-site']
  if (site !== undefined) return site !== 'same-origin' && site !== 'none'
  const origin = headers.origin
  if (origin === undefined) return false
  try {
    return new URL(String(origin)).host !== headers.host
  } catch {
    return true // "null" and other opaque origins
  }
}
