import { acceptIndex } from './accept-header.js'
import type { CallbackFailure } from './callback-failure.js'
import { escapeHtml, htmlPage } from './html.js'

/**
 * Alipay redirects the merchant's browser to the callback (docs/protocol.md §1 step 2), so a failed
 * callback is read by the merchant: an adapter answers this page, with the same status, when the
 * request accepts `text/html`, and JSON otherwise. It says what happened and what to do (never in
 * Alipay's own words), with a button to start again when the adapter has an authorize route. The
 * developer's `detail` is shown only with `showDetail` (the adapters' `errorDetail` option).
 */
export function renderCallbackFailurePage(
  failure: CallbackFailure,
  options: { showDetail?: boolean } = {},
): string {
  const startAgain =
    failure.authorizePath === undefined
      ? ''
      : `<p class="actions"><a href="${escapeHtml(failure.authorizePath)}">Start the authorization again</a></p>`
  const detail =
    options.showDetail && failure.detail !== undefined
      ? `<p class="code" id="error-detail">For the developer: ${escapeHtml(failure.detail)}</p>`
      : ''
  return htmlPage(
    'Authorization failed',
    `<div class="status error" aria-hidden="true">!</div><h1>Authorization failed</h1>` +
      `<p id="error-message">${escapeHtml(failure.message)}</p>${startAgain}` +
      `<p class="code">Code <strong id="error-code">${escapeHtml(failure.code)}</strong> (HTTP ${failure.status})</p>${detail}`,
  )
}

/** Whether a request's Accept header asks for HTML, as a browser's navigation does. */
export function acceptsHtml(accept: string | readonly string[] | undefined): boolean {
  return acceptIndex(accept, 'html') >= 0
}
