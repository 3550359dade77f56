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

/** What a merchant action (Refresh, Query, a call) shows above the merchants, and its status. */
export interface ActionResult {
  status: number
  panel: Html
  /** For the developer: Alipay's codes and core's message. Logged; on the page in development only. */
  detail?: string
}

/**
 * The result of a merchant action (refresh, query) that Alipay or the record refused: what
 * happened and what to do, in words; Alipay's codes go to `detail`. Non-Alipay errors are bugs
 * and are rethrown for the framework to answer 500.
 */
export function alipayErrorResult(error: unknown, development: boolean): ActionResult {
  if (!(error instanceof AlipayError)) throw error
  const details = [
    error.code && `code ${error.code}`,
    error.subCode && `sub_code ${error.subCode}`,
    error.traceId && `trace id ${error.traceId}`,
  ].filter(Boolean)
  const detail = details.length > 0 ? `${error.message} (${details.join(', ')})` : error.message
  const [status, code, message] = explain(error)
  return { status, panel: errorPanel(code, message, development ? detail : undefined), detail }
}

function explain(error: AlipayError): [number, string, string] {
  if (error instanceof AlipayReauthorizationRequiredError && error.reason === 'api-not-granted')
    return [
      403,
      'ALIPAY_API_NOT_GRANTED',
      'The merchant did not grant this API to the app; its token still works for the APIs it granted. To call this one, ask the merchant to authorize the app again with it included.',
    ]
  if (error instanceof AlipayReauthorizationRequiredError)
    return [
      409,
      'ALIPAY_REAUTHORIZATION_REQUIRED',
      'Alipay no longer accepts this merchant’s refresh token, so no new token can be had. Ask the merchant to authorize the app again.',
    ]
  if (error instanceof AlipaySignatureError || error instanceof AlipayResponseError)
    return [
      502,
      'ALIPAY_UNTRUSTED_RESPONSE',
      'Alipay’s answer could not be trusted (its signature did not verify, or it was not one Alipay sends), so nothing was changed. Check the app’s Alipay public key or certificates.',
    ]
  if (error instanceof AlipayTimeoutError)
    return [
      504,
      'ALIPAY_UNREACHABLE',
      'Alipay did not answer in time, so nothing was changed. Try again in a moment.',
    ]
  if (error instanceof AlipayTransportError)
    return [
      502,
      'ALIPAY_UNREACHABLE',
      'Alipay could not be reached, so nothing was changed. Try again in a moment.',
    ]
  if (error instanceof AlipayApiError)
    return [
      502,
      'ALIPAY_API_ERROR',
      `Alipay refused the call${error.subCode ? ` (${error.subCode})` : ''}, so nothing was changed.`,
    ]
  return [500, error.name, 'The call to Alipay failed, so nothing was changed.']
}

/** A merchant action on an app id no record has: the list has moved on, or the address was typed. */
export function unknownMerchantResult(authAppId: string): ActionResult {
  return {
    status: 404,
    panel: errorPanel(
      'MERCHANT_NOT_FOUND',
      `No merchant app ${authAppId} is stored here: it was forgotten, or the address was typed by hand. Pick a merchant from the list below.`,
    ),
  }
}

/** `detail` is shown only when given: the caller passes it in development mode alone. */
export function errorPanel(code: string, message: string, detail?: string): Html {
  const shown =
    detail === undefined
      ? html``
      : html`<p class="detail" id="error-detail">For the developer (development mode only): ${detail}</p>`
  return html`<div class="panel error" id="result-error">
<p id="error-message">${message}</p>
<p class="muted">Code <strong id="error-code">${code}</strong></p>${shown}</div>`
}

/** The examples' error page (a failed callback is answered by the adapter's own page). */
export function errorPage(status: number, code: string, message: string): PageResponse {
  return page(
    status,
    'Something went wrong',
    html`${errorPanel(code, message)}
<div class="actions"><a class="button primary" href="/merchants">Back to the merchants</a><a class="button" href="/">Home</a></div>`,
  )
}

/** Any address the console does not have: a page with the way back, not a bare text or JSON. */
export function notFoundPage(): PageResponse {
  return errorPage(
    404,
    'NOT_FOUND',
    'There is no page at this address. The merchants page lists every authorized merchant.',
  )
}
