import {
  AlipayApiError,
  AlipayContextChangeRefusedError,
  AlipayDuplicateCallbackError,
  AlipayError,
  AlipayRateLimitedError,
  AlipayResponseError,
  AlipaySignatureError,
  AlipayStateError,
  type AlipayStateErrorReason,
  AlipayStoreUnavailableError,
  AlipayTimeoutError,
  AlipayTransportError,
} from '../errors.js'
import { AlipayRouteError, type RouteErrorCode } from './route-error.js'
import { type RouteErrorDetails, type RouteErrorFacts, routeError } from './route-error-messages.js'

const stateErrorCodes: Record<AlipayStateErrorReason, RouteErrorCode> = {
  'missing-state': 'ALIPAY_STATE_MISSING',
  'unknown-or-expired-state': 'ALIPAY_STATE_EXPIRED',
  'browser-mismatch': 'ALIPAY_STATE_BROWSER_MISMATCH',
  'missing-app-id': 'ALIPAY_APP_ID_MISSING',
  'app-id-mismatch': 'ALIPAY_APP_ID_MISMATCH',
  'bad-source': 'ALIPAY_BAD_SOURCE',
  'missing-code': 'ALIPAY_CODE_MISSING',
  'malformed-code': 'ALIPAY_CODE_MALFORMED',
  'repeated-parameter': 'ALIPAY_PARAMETER_REPEATED',
  'qr-used-elsewhere': 'ALIPAY_STATE_EXPIRED',
}

/** What a client is told to wait when the store is down: a restart or failover takes seconds. */
const STORE_RETRY_AFTER_SECONDS = 5

/**
 * Alipay's codes for an `app_auth_code` already exchanged or past its 24 hours (v2 sub_code, v3
 * code): the visitor's link is stale, not the app misconfigured.
 */
const spentCodeCodes = new Set(['isv.code-invalid', 'AUTH_CODE_NOT_EXIST', 'AUTH_CODE_NOT_VALID'])

/** Where the error happened, for its message: see `RouteErrorDetails`. */
export type RouteErrorPlace = Pick<RouteErrorDetails, 'authorizePath' | 'shownOnDesktop'>

/**
 * The one translation of a failure into the route error a client is answered with, or undefined
 * when it is neither the visitor's, Alipay's nor the store's doing (a bug, a throwing
 * onAuthorized): that one is the app's to handle. A store down is 503 on any route. Core messages are never reused: they may quote Alipay's answer.
 */
export function routeErrorFor(
  error: unknown,
  place: RouteErrorPlace = {},
): AlipayRouteError | undefined {
  if (error instanceof AlipayRouteError) return error
  const found = classify(error)
  if (found === undefined) return undefined
  const [code, facts] = found
  // A second phone on one QR code is sent back to the computer, which shows the outcome.
  const shownOnDesktop = place.shownOnDesktop || facts.completedElsewhere
  return routeError(code, { ...facts, ...place, shownOnDesktop, cause: error })
}

function classify(error: unknown): [RouteErrorCode, RouteErrorFacts] | undefined {
  if (error instanceof AlipayStateError) {
    const completedElsewhere = error.reason === 'qr-used-elsewhere'
    return [stateErrorCodes[error.reason], completedElsewhere ? { completedElsewhere } : {}]
  }
  // Never the store's own message: it names its address, file or lock (the log gets it).
  if (error instanceof AlipayStoreUnavailableError) {
    return ['ALIPAY_STORE_UNAVAILABLE', { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS }]
  }
  if (error instanceof AlipayContextChangeRefusedError) return ['ALIPAY_CONTEXT_CHANGE_REFUSED', {}]
  if (error instanceof AlipayRateLimitedError) {
    const retryAfterSeconds = Math.ceil(error.retryAfterMs / 1000)
    return ['ALIPAY_RATE_LIMITED', { retryAfterSeconds, rateLimit: error.limit }]
  }
  if (error instanceof AlipayDuplicateCallbackError) return ['ALIPAY_DUPLICATE_CALLBACK', {}]
  if (error instanceof AlipayApiError) {
    const alipayCodes = [error.code, error.subCode].filter(Boolean).join(' ')
    const spent = spentCodeCodes.has(error.subCode ?? error.code ?? '')
    return [spent ? 'ALIPAY_CODE_INVALID' : 'ALIPAY_API_ERROR', { alipayCodes }]
  }
  if (error instanceof AlipaySignatureError) {
    const { keyOptions = 'alipayPublicKey', unverifiedCode } = error
    return ['ALIPAY_UNTRUSTED_RESPONSE', { keyOptions, unverifiedCode }]
  }
  if (error instanceof AlipayResponseError) return ['ALIPAY_UNTRUSTED_RESPONSE', {}]
  if (error instanceof AlipayTimeoutError)
    return ['ALIPAY_UNREACHABLE', { unreachable: 'timed out' }]
  if (error instanceof AlipayTransportError) {
    return ['ALIPAY_UNREACHABLE', { unreachable: 'connection failed' }]
  }
  return undefined
}

/**
 * The log level of an answered route error, shared by every adapter so their logs agree: a store
 * that failed is the operator's to look at (error); the rest are refused requests (warn).
 */
export function routeErrorLevel(error: AlipayRouteError): 'warn' | 'error' {
  return error.code === 'ALIPAY_STORE_UNAVAILABLE' ? 'error' : 'warn'
}

/**
 * Fields safe for the log line of an answered route error: the code, of the failure behind it
 * its class, state reason, Alipay's code, sub_code and trace id, and the developer's detail.
 * Never a core message or a raw body: they may quote Alipay's answer, which can hold tokens.
 */
export function routeErrorLogFields(error: AlipayRouteError): Record<string, string> {
  const cause = error.cause instanceof AlipayError ? error.cause : undefined
  const fields = {
    code: error.code,
    error: cause?.name,
    reason: cause instanceof AlipayStateError ? cause.reason : undefined,
    alipayCode: cause?.code,
    subCode: cause?.subCode,
    traceId: cause?.traceId,
    detail: error.detail,
    // For the operator only: a store's message names what failed (its address, file or lock).
    storeError: cause instanceof AlipayStoreUnavailableError ? cause.message : undefined,
  }
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
}
