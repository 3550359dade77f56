import { STATUS_CODES } from 'node:http'
import { acceptsHtml } from './accept-header.js'
import type { AlipayRouteError } from './route-error.js'
import { renderRouteErrorPage } from './route-error-page.js'

/** A route error as an adapter sends it: the same status, headers and body from every adapter. */
export interface RouteErrorAnswer {
  status: number
  headers: Readonly<Record<string, string>>
  type: 'text/html; charset=utf-8' | 'application/json; charset=utf-8'
  body: string
}

/**
 * Alipay redirects the merchant's browser to the callback (docs/protocol.md §1 step 2), so a
 * failure there is read by the merchant: a request that accepts `text/html` gets the error page
 * (the developer's detail on it only with `showDetail`, the adapters' `errorDetail` option), any
 * other the JSON `{ statusCode, code, error, message }` (`error` is the status's reason phrase, as
 * in Fastify's own error answers; `message` the one for a program, with the detail).
 */
export function routeErrorAnswer(
  error: AlipayRouteError,
  accept: string | readonly string[] | undefined,
  options: { showDetail?: boolean } = {},
): RouteErrorAnswer {
  const { status, headers } = error
  if (acceptsHtml(accept)) {
    const body = renderRouteErrorPage(error, options)
    return { status, headers, type: 'text/html; charset=utf-8', body }
  }
  const body = {
    statusCode: status,
    code: error.code,
    error: STATUS_CODES[status],
    message: error.message,
  }
  return { status, headers, type: 'application/json; charset=utf-8', body: JSON.stringify(body) }
}
