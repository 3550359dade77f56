import { escapeHtml, htmlPage } from './html.js'
import type { AlipayRouteError } from './route-error.js'

/**
 * The page of a route error, for the merchant who opened it: what happened and what to do (never
 * in Alipay's own words), with a button to start again when the error names the adapter's
 * authorize route. The developer's `detail` is shown only with `showDetail` (the adapters'
 * `errorDetail` option).
 */
export function renderRouteErrorPage(
  error: AlipayRouteError,
  options: { showDetail?: boolean } = {},
): string {
  const startAgain =
    error.authorizePath === undefined
      ? ''
      : `<p class="actions"><a href="${escapeHtml(error.authorizePath)}">Start the authorization again</a></p>`
  const detail =
    options.showDetail && error.detail !== undefined
      ? `<p class="code" id="error-detail">For the developer: ${escapeHtml(error.detail)}</p>`
      : ''
  return htmlPage(
    'Authorization failed',
    `<div class="status error" aria-hidden="true">!</div><h1>Authorization failed</h1>` +
      `<p id="error-message">${escapeHtml(error.pageMessage)}</p>${startAgain}` +
      `<p class="code">Code <strong id="error-code">${escapeHtml(error.code)}</strong> (HTTP ${error.status})</p>${detail}`,
  )
}
