import {
  AlipayApiError,
  AlipayError,
  AlipayReauthorizationRequiredError,
  AlipayResponseError,
  AlipaySignatureError,
  AlipayTimeoutError,
  AlipayTransportError,
} from '@alipay-isv/core'
import { type Html, html, type PageResponse, page } from './html.js'

/** What a merchant action (Refresh, Query) shows above the merchants table, and its status. */
export interface ActionResult {
  status: number
  panel: Html
}

const startAgain = html`<p><a class="button" href="/alipay/authorize">Authorize with Alipay</a> <a href="/merchants">Back to the merchants</a></p>`

/**
 * The result of a merchant action (refresh, query) that Alipay or the record refused. Non-Alipay
 * errors are bugs and are rethrown for the framework to answer 500.
 */
export function alipayErrorResult(error: unknown): ActionResult {
  if (!(error instanceof AlipayError)) throw error
  if (error instanceof AlipayReauthorizationRequiredError && error.reason === 'api-not-granted') {
    return { status: 403, panel: errorPanel('ALIPAY_API_NOT_GRANTED', error.message) }
  }
  if (error instanceof AlipayReauthorizationRequiredError) {
    return { status: 409, panel: errorPanel('ALIPAY_REAUTHORIZATION_REQUIRED', error.message) }
  }
  const [status, code] = classify(error)
  const details = [
    error.code && `code ${error.code}`,
    error.subCode && `sub_code ${error.subCode}`,
    error.traceId && `trace id ${error.traceId}`,
  ].filter(Boolean)
  const message = details.length > 0 ? `${error.message} (${details.join(', ')})` : error.message
  return { status, panel: errorPanel(code, message) }
}

function classify(error: AlipayError): [number, string] {
  if (error instanceof AlipaySignatureError || error instanceof AlipayResponseError)
    return [502, 'ALIPAY_UNTRUSTED_RESPONSE']
  if (error instanceof AlipayTimeoutError) return [504, 'ALIPAY_UNREACHABLE']
  if (error instanceof AlipayTransportError) return [502, 'ALIPAY_UNREACHABLE']
  if (error instanceof AlipayApiError) return [502, 'ALIPAY_API_ERROR']
  return [500, error.name]
}

export function errorPanel(code: string, message: string): Html {
  return html`<div class="error"><p><strong id="error-code">${code}</strong></p>
<p id="error-message">${message}</p>
<p>Nothing unverified was stored.</p></div>`
}

/** The examples' error page (a failed callback is answered by the adapter's own page). */
export function errorPage(status: number, code: string, message: string): PageResponse {
  return page(
    status,
    'Something went wrong',
    html`${errorPanel(code, message)}
${startAgain}`,
  )
}
