import { STATUS_CODES } from 'node:http'
import { type CallbackFailure, callbackFailureCodes } from '../auth/callback-failure.js'
import { AlipayError } from '../errors.js'

/** Every stable code an adapter's route answers a client error with, and its HTTP status. */
export const routeErrorCodes = {
  ...callbackFailureCodes,
  ALIPAY_NOTIFY_TOO_LARGE: 413,
  ALIPAY_QR_NOT_FOUND: 404,
} as const

export type RouteErrorCode = keyof typeof routeErrorCodes

/**
 * An error a route answers the visitor with: `code` is the stable code (not Alipay's), the message
 * says what happened and what to do, and nothing in it is secret. Shaped for both frameworks:
 * `statusCode` (Fastify), `status` and `expose` (Koa's error handling). Each code has its class.
 */
export class AlipayRouteError<C extends RouteErrorCode = RouteErrorCode> extends AlipayError {
  override name = 'AlipayRouteError'
  declare readonly code: C
  readonly status: (typeof routeErrorCodes)[C]
  readonly statusCode: (typeof routeErrorCodes)[C]
  readonly expose = true
  /** Headers to answer with (`Retry-After` of `ALIPAY_RATE_LIMITED`); Koa's error handling sets them. */
  headers?: Record<string, string>

  constructor(code: C, message: string) {
    super(message, { code })
    this.status = routeErrorCodes[code]
    this.statusCode = this.status
  }
}

const define = <C extends RouteErrorCode>(code: C, name: string) =>
  class extends AlipayRouteError<C> {
    override name = name
    constructor(message: string) {
      super(code, message)
    }
  }

export class StateMissingError extends define('ALIPAY_STATE_MISSING', 'StateMissingError') {}
export class StateExpiredError extends define('ALIPAY_STATE_EXPIRED', 'StateExpiredError') {}
export class StateBrowserMismatchError extends define(
  'ALIPAY_STATE_BROWSER_MISMATCH',
  'StateBrowserMismatchError',
) {}
export class AppIdMissingError extends define('ALIPAY_APP_ID_MISSING', 'AppIdMissingError') {}
export class AppIdMismatchError extends define('ALIPAY_APP_ID_MISMATCH', 'AppIdMismatchError') {}
export class BadSourceError extends define('ALIPAY_BAD_SOURCE', 'BadSourceError') {}
export class CodeMissingError extends define('ALIPAY_CODE_MISSING', 'CodeMissingError') {}
export class CodeMalformedError extends define('ALIPAY_CODE_MALFORMED', 'CodeMalformedError') {}
export class ParameterRepeatedError extends define(
  'ALIPAY_PARAMETER_REPEATED',
  'ParameterRepeatedError',
) {}
export class CodeInvalidError extends define('ALIPAY_CODE_INVALID', 'CodeInvalidError') {}
export class DuplicateCallbackError extends define(
  'ALIPAY_DUPLICATE_CALLBACK',
  'DuplicateCallbackError',
) {}
export class RateLimitedError extends define('ALIPAY_RATE_LIMITED', 'RateLimitedError') {}
export class AlipayRefusedError extends define('ALIPAY_API_ERROR', 'AlipayRefusedError') {}
export class UntrustedResponseError extends define(
  'ALIPAY_UNTRUSTED_RESPONSE',
  'UntrustedResponseError',
) {}
export class AlipayUnreachableError extends define(
  'ALIPAY_UNREACHABLE',
  'AlipayUnreachableError',
) {}

/** An Alipay notification is a few kilobytes (docs/protocol.md §7); anything this big is not one. */
export const notifyBodyLimit = 64 * 1024

/** `POST <prefix>/notify` with a body larger than `notifyBodyLimit`, refused before it is read. */
export class NotifyTooLargeError extends AlipayRouteError<'ALIPAY_NOTIFY_TOO_LARGE'> {
  override name = 'NotifyTooLargeError'
  constructor() {
    super(
      'ALIPAY_NOTIFY_TOO_LARGE',
      `An Alipay notification is never larger than ${notifyBodyLimit} bytes.`,
    )
  }
}

/**
 * The status of a QR authorization, asked by a browser that did not start it (or long after it
 * ended): 404, the same for every such request, so it gives nothing away about anyone else's.
 */
export class QrNotFoundError extends AlipayRouteError<'ALIPAY_QR_NOT_FOUND'> {
  override name = 'QrNotFoundError'
  constructor() {
    super(
      'ALIPAY_QR_NOT_FOUND',
      'No QR authorization with this id was started in this browser, or it ended long ago. Start a new one at the authorize/qr route.',
    )
  }
}

const callbackErrors = {
  ALIPAY_STATE_MISSING: StateMissingError,
  ALIPAY_STATE_EXPIRED: StateExpiredError,
  ALIPAY_STATE_BROWSER_MISMATCH: StateBrowserMismatchError,
  ALIPAY_APP_ID_MISSING: AppIdMissingError,
  ALIPAY_APP_ID_MISMATCH: AppIdMismatchError,
  ALIPAY_BAD_SOURCE: BadSourceError,
  ALIPAY_CODE_MISSING: CodeMissingError,
  ALIPAY_CODE_MALFORMED: CodeMalformedError,
  ALIPAY_PARAMETER_REPEATED: ParameterRepeatedError,
  ALIPAY_CODE_INVALID: CodeInvalidError,
  ALIPAY_DUPLICATE_CALLBACK: DuplicateCallbackError,
  ALIPAY_RATE_LIMITED: RateLimitedError,
  ALIPAY_API_ERROR: AlipayRefusedError,
  ALIPAY_UNTRUSTED_RESPONSE: UntrustedResponseError,
  ALIPAY_UNREACHABLE: AlipayUnreachableError,
} satisfies {
  [C in keyof typeof callbackFailureCodes]: new (
    message: string,
  ) => AlipayRouteError<C>
}

/**
 * The error of a failed callback's code, for a client that is not a browser: its message is
 * core's `programMessage`, the merchant's sentence with the developer's detail.
 */
export function callbackRouteError(failure: CallbackFailure): AlipayRouteError {
  const error = new callbackErrors[failure.code](failure.programMessage)
  if (failure.retryAfterSeconds !== undefined) {
    error.headers = { 'Retry-After': String(failure.retryAfterSeconds) }
  }
  return error
}

/**
 * The JSON body a route error is answered with, the same from every adapter:
 * `{ statusCode, code, error, message }` (`error` is the status's reason phrase, as Fastify's).
 */
export function routeErrorBody(error: AlipayRouteError) {
  return {
    statusCode: error.status,
    code: error.code,
    error: STATUS_CODES[error.status],
    message: error.message,
  }
}
