import { errorPage } from './error-page.js'
import type { PageResponse } from './html.js'

/**
 * A percent-encoded path segment (a merchant app id in `/merchants/:id/refresh`), decoded; or the
 * 400 page to answer when it is not valid percent-encoding: the visitor's mistake, as Fastify's
 * router answers it, never a 500.
 */
export function decodePathSegment(segment: string): { value: string } | { refusal: PageResponse } {
  try {
    return { value: decodeURIComponent(segment) }
  } catch {
    return {
      refusal: errorPage(
        400,
        'BAD_PATH_ENCODING',
        'The address is not valid percent-encoding; go back to the merchants page and use its buttons.',
      ),
    }
  }
}
