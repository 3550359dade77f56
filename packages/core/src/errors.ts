/**
 * Every error this library throws is an AlipayError. Messages say what went wrong and what to
 * do next; they never contain a private key, an AES key or a token.
 */
export interface AlipayErrorDetails {
  /** Alipay's `code` (v2, e.g. `40002`) or v3 error `code` (e.g. `AUTH_CODE_NOT_VALID`). */
  code?: string
  /** Alipay's v2 `sub_code`, e.g. `isv.code-invalid`. */
  subCode?: string
  /** Alipay's v2 `sub_msg` / v3 `message`. */
  subMsg?: string
  /** `alipay-trace-id` header or `trace_id`, for Alipay support tickets. */
  traceId?: string
  /** HTTP status of the response, when there was one. */
  httpStatus?: number
  /** The raw response body, when there was one. */
  rawBody?: string
  cause?: unknown
}

export class AlipayError extends Error {
  override name = 'AlipayError'
  readonly code?: string
  readonly subCode?: string
  readonly subMsg?: string
  readonly traceId?: string
  readonly httpStatus?: number
  readonly rawBody?: string

  constructor(message: string, details: AlipayErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.code = details.code
    this.subCode = details.subCode
    this.subMsg = details.subMsg
    this.traceId = details.traceId
    this.httpStatus = details.httpStatus
    this.rawBody = details.rawBody
  }
}

/** Bad options or keys: fix the configuration. Thrown at construction time, never per request. */
export class AlipayConfigError extends AlipayError {
  override name = 'AlipayConfigError'
}

/** A response or notification whose signature does not verify: nothing in it was used. */
export class AlipaySignatureError extends AlipayError {
  override name = 'AlipaySignatureError'
}

/** A response that is not what Alipay sends (truncated, not JSON, missing its node). */
export class AlipayResponseError extends AlipayError {
  override name = 'AlipayResponseError'
}
