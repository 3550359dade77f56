import { AlipayError } from '../errors.js'

/**
 * Every stable code an adapter's route answers a client error with, and its HTTP status. Apps
 * and their clients key on these codes: never renumber or rename one.
 */
export const routeErrorStatuses = {
  ALIPAY_STATE_MISSING: 400,
  ALIPAY_STATE_EXPIRED: 400,
  ALIPAY_STATE_BROWSER_MISMATCH: 400,
  ALIPAY_APP_ID_MISSING: 400,
  ALIPAY_APP_ID_MISMATCH: 400,
  ALIPAY_BAD_SOURCE: 400,
  ALIPAY_CODE_MISSING: 400,
  ALIPAY_CODE_MALFORMED: 400,
  ALIPAY_PARAMETER_REPEATED: 400,
  ALIPAY_CODE_INVALID: 400,
  ALIPAY_QR_NOT_FOUND: 404,
  ALIPAY_DUPLICATE_CALLBACK: 409,
  ALIPAY_CONTEXT_CHANGE_REFUSED: 409,
  ALIPAY_NOTIFY_TOO_LARGE: 413,
  ALIPAY_RATE_LIMITED: 429,
  ALIPAY_API_ERROR: 502,
  ALIPAY_UNTRUSTED_RESPONSE: 502,
  ALIPAY_UNREACHABLE: 502,
  ALIPAY_STORE_UNAVAILABLE: 503,
} as const

export type RouteErrorCode = keyof typeof routeErrorStatuses

export interface AlipayRouteErrorOptions {
  /** What the error page says to the person who opened it; default the message. */
  pageMessage?: string
  /** For the app's developer: which configuration to check, Alipay's codes. */
  detail?: string
  /** Headers to answer with, e.g. `Retry-After`. */
  headers?: Record<string, string>
  /** Where the visitor starts again, for errors whose words say to: the error page links to it. */
  authorizePath?: string
  /** The core error it answers for; never part of the answer. */
  cause?: unknown
}

/**
 * The one error a route answers a client with: switch on `code` (a `RouteErrorCode`, not
 * Alipay's). The message, for a program (the JSON answer, read by a developer), says what
 * happened, what to do next and the developer's `detail`; `pageMessage` says it to the merchant
 * who reads the error page. Nothing in either is secret. Shaped for both frameworks:
 * `statusCode` (Fastify), `status` and `expose` (Koa).
 */
export class AlipayRouteError extends AlipayError {
  override name = 'AlipayRouteError'
  declare readonly code: RouteErrorCode
  readonly status: number
  readonly statusCode: number
  readonly expose = true
  readonly pageMessage: string
  readonly detail?: string
  readonly headers: Readonly<Record<string, string>>
  readonly authorizePath?: string

  constructor(code: RouteErrorCode, message: string, options: AlipayRouteErrorOptions = {}) {
    super(message, { code, cause: options.cause })
    this.status = routeErrorStatuses[code]
    this.statusCode = this.status
    this.pageMessage = options.pageMessage ?? message
    this.detail = options.detail
    this.headers = options.headers ?? {}
    this.authorizePath = options.authorizePath
  }
}
