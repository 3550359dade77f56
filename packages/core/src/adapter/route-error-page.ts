import { escapeHtml, htmlPage } from './html.js'
import type { AlipayRouteError } from './route-error.js'

/**
 * The page of a route error, for a person: its code, status and message (never Alipay's own
 * words), with a link to start again when the error names the adapter's authorize route.
 */
export function renderRouteErrorPage(error: AlipayRouteError): string {
  const startAgain =
    error.authorizePath === undefined
      ? ''
      : `<p class="actions"><a href="${escapeHtml(error.authorizePath)}">Start the authorization again</a></p>`
  return htmlPage(
    'Authorization failed',
    `<div class="status error" aria-hidden="true">!</div><h1>Authorization failed</h1>` +
      `<p id="error-message">${escapeHtml(error.message)}</p>` +
      `<p class="code"><strong id="error-code">${escapeHtml(error.code)}</strong> (HTTP ${error.status})</p>${startAgain}`,
  )
}
