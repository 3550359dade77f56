import { acceptIndex } from './accept-header.js'
import type { CallbackFailure } from './callback-failure.js'
import { escapeHtml, htmlPage } from './html.js'

/**
 * Alipay redirects the merchant's browser to the callback (docs/protocol.md §1 step 2), so a failed
 * callback is usually read by a person: an adapter answers this page, with the same status, when
 * the request accepts `text/html`, and JSON otherwise. The code and message are `failure`'s (never
 * Alipay's own words), with a link to start again when the adapter has an authorize route.
 */
export function renderCallbackFailurePage(failure: CallbackFailure): string {
  const startAgain =
    failure.authorizePath === undefined
      ? ''
      : `<p class="actions"><a href="${escapeHtml(failure.authorizePath)}">Start the authorization again</a></p>`
  return htmlPage(
    'Authorization failed',
    `<div class="status error" aria-hidden="true">!</div><h1>Authorization failed</h1>` +
      `<p id="error-message">${escapeHtml(failure.message)}</p>` +
      `<p class="code"><strong id="error-code">${escapeHtml(failure.code)}</strong> (HTTP ${failure.status})</p>${startAgain}`,
  )
}

/** Whether a request's Accept header asks for HTML, as a browser's navigation does. */
export function acceptsHtml(accept: string | readonly string[] | undefined): boolean {
  return acceptIndex(accept, 'html') >= 0
}
