import type { AuthorizationVia, JsonValue, MerchantToken } from './stores/types.js'

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

/**
 * Bad options or keys: fix the configuration. Thrown when the options are checked (at
 * construction, or when an adapter registers), and by an adapter for a mistake only a request
 * shows (Koa without `app.keys`), which it answers 500 without the details.
 */
export class AlipayConfigError extends AlipayError {
  override name = 'AlipayConfigError'
}

export interface AlipaySignatureErrorDetails extends AlipayErrorDetails {
  /** The options holding the keys the answer was checked with: what to check. */
  keyOptions?: string
  /** The error code the unverified answer carries: shown to help, never to act on. */
  unverifiedCode?: string
}

/** A response or notification whose signature does not verify: nothing in it was used. */
export class AlipaySignatureError extends AlipayError {
  override name = 'AlipaySignatureError'
  /** `alipayPublicKey`, or in certificate mode the certificate options: what to check. */
  readonly keyOptions?: string
  /**
   * The error code (`sub_code`, else `code`) the answer carries, read without trusting it: it
   * often says why (e.g. `isv.app-cert-not-exist`). Never act on it.
   */
  readonly unverifiedCode?: string

  constructor(message: string, details: AlipaySignatureErrorDetails = {}) {
    super(message, details)
    this.keyOptions = details.keyOptions
    this.unverifiedCode = details.unverifiedCode
  }
}

/** A response that is not what Alipay sends (truncated, not JSON, missing its node). */
export class AlipayResponseError extends AlipayError {
  override name = 'AlipayResponseError'
}

/**
 * Alipay answered with an error (`code` ≠ 10000, a v2 `error_response`, or a v3 4xx/5xx body).
 * The message says what to do about this `subCode` (v2) or `code` (v3).
 */
export class AlipayApiError extends AlipayError {
  override name = 'AlipayApiError'
  /** The verified answer: the v2 response node (`code`, `msg`, `sub_code`, …) or the v3 body. */
  readonly response?: Record<string, unknown>

  constructor(
    message: string,
    details: AlipayErrorDetails & { response?: Record<string, unknown> } = {},
  ) {
    super(message, details)
    this.response = details.response
  }
}

/** No answer within `timeoutMs`. The request may or may not have reached Alipay. */
export class AlipayTimeoutError extends AlipayError {
  override name = 'AlipayTimeoutError'
}

/** The connection failed. `beforeSend` is true when it was refused before anything was sent. */
export class AlipayTransportError extends AlipayError {
  override name = 'AlipayTransportError'
  readonly beforeSend: boolean

  constructor(message: string, details: AlipayErrorDetails & { beforeSend: boolean }) {
    super(message, details)
    this.beforeSend = details.beforeSend
  }
}

/**
 * The store could not do what was asked: it did not answer in time, is disconnected (e.g. Redis
 * is unreachable), or refused the command (a read-only replica, no privilege, a full disk). The
 * message, for the operator, says what to check. A write may or may not have been applied;
 * nothing was lost that was acknowledged before. The adapters answer it 503, its details in the
 * server log only.
 */
export class AlipayStoreUnavailableError extends AlipayError {
  override name = 'AlipayStoreUnavailableError'
}

/**
 * A merchant's stored tokens are encrypted under a key id that does not decrypt them here: the id
 * is not in `tokenKeys`, the key given that id is another one, or they were copied from another
 * record. No call was made with them and the record is left as it was; other merchants are
 * unaffected. Names the key id, never a key or a token.
 */
export class AlipayTokenKeyError extends AlipayError {
  override name = 'AlipayTokenKeyError'
  readonly authAppId: string
  readonly keyId: string

  constructor(authAppId: string, keyId: string) {
    super(
      `The stored tokens of merchant app ${authAppId} are encrypted under the key id "${keyId}" and do not decrypt with tokenKeys: add the key of that id to tokenKeys (after the first), and keep it until auth.reencryptTokens() has rewritten every record under the first key. If "${keyId}" is there, its key is not the one they were encrypted with, or they were copied from another merchant's record. The record is left as it was.`,
    )
    this.authAppId = authAppId
    this.keyId = keyId
  }
}

export type AlipayStateErrorReason =
  | 'missing-state'
  | 'unknown-or-expired-state'
  | 'browser-mismatch'
  | 'missing-app-id'
  | 'app-id-mismatch'
  | 'bad-source'
  | 'missing-code'
  | 'malformed-code'
  | 'repeated-parameter'
  | 'qr-used-elsewhere'

/** The authorization callback cannot be trusted; adapters answer 400 with a code derived from `reason`. */
export class AlipayStateError extends AlipayError {
  override name = 'AlipayStateError'
  readonly reason: AlipayStateErrorReason

  constructor(reason: AlipayStateErrorReason, message: string) {
    super(message)
    this.reason = reason
  }
}

/**
 * The same `app_auth_code` came back again (a replay or a double click); it was exchanged at most
 * once. `merchants` holds the first exchange's result when this process knows it and the
 * duplicate came from the same browser.
 */
export class AlipayDuplicateCallbackError extends AlipayError {
  override name = 'AlipayDuplicateCallbackError'
  readonly merchants?: MerchantToken[]

  constructor(message: string, merchants?: MerchantToken[]) {
    super(message)
    this.merchants = merchants
  }
}

/**
 * An authorization brought in a merchant app stored under another context (another of the app's
 * customers) and `onContextChange` refused the move: nothing was stored, the records are as they
 * were. `changes` holds every differing merchant with both contexts, for the app's own handling.
 */
export class AlipayContextChangeRefusedError extends AlipayError {
  override name = 'AlipayContextChangeRefusedError'
  readonly authAppIds: string[]
  readonly changes: Array<{
    authAppId: string
    userId: string
    via: AuthorizationVia
    stored: JsonValue
    incoming: JsonValue
    decision: 'refuse' | 'keep' | 'replace'
  }>

  constructor(authAppIds: string[], changes: AlipayContextChangeRefusedError['changes']) {
    super(
      `Merchant app ${authAppIds.join(', ')} is stored under another context than this authorization's (another of your customers), so nothing was stored and the record is unchanged (onContextChange: refuse). A leaked app_auth_code redeemed in another session looks like this. If the merchant really moves, forget() it first, or decide with the onContextChange option ('keep', 'replace' or a function).`,
    )
    this.authAppIds = authAppIds
    this.changes = changes
  }
}

/**
 * Too many requests of one kind (callbacks without state, QR starts: anyone can send them) in a
 * short time; nothing was done. Adapters answer 429 with `Retry-After`.
 */
export class AlipayRateLimitedError extends AlipayError {
  override name = 'AlipayRateLimitedError'
  /** How long until one more request of this kind would be accepted. */
  readonly retryAfterMs: number
  /** The option that sets the limit reached: `invitesPerMinute` or `qrStartsPerMinute`. */
  readonly limit: RateLimitOption

  constructor(message: string, retryAfterMs: number, limit: RateLimitOption) {
    super(message)
    this.retryAfterMs = retryAfterMs
    this.limit = limit
  }
}

/** The AppAuth options that rate-limit a kind of request, per instance. */
export type RateLimitOption = 'invitesPerMinute' | 'qrStartsPerMinute'

/**
 * `api-not-granted`: the merchant did not grant the API called (Alipay's
 * `aop.invalid-app-auth-token-no-api`); its token still works for the APIs it did grant, and the
 * merchant stays active. `refresh-interrupted`: a refresh was cut short (a crash, or the store failing) after Alipay may
 * have rotated the pair, and Alipay no longer answers the old refresh token, so the new pair is lost.
 */
export type AlipayReauthorizationReason =
  | 'unknown-merchant'
  | 'cancelled'
  | 'refresh-token-dead'
  | 'refresh-interrupted'
  | 'api-not-granted'

/** No token can be produced for `authAppId`: the merchant must authorize the app again. */
export class AlipayReauthorizationRequiredError extends AlipayError {
  override name = 'AlipayReauthorizationRequiredError'
  readonly authAppId: string
  readonly reason: AlipayReauthorizationReason

  constructor(
    authAppId: string,
    reason: AlipayReauthorizationReason,
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause })
    this.authAppId = authAppId
    this.reason = reason
  }
}

/**
 * A call for a merchant met a token Alipay no longer accepts; the merchant's token was renewed,
 * but the call was not repeated because repeating it may not be safe. `cause` is Alipay's refusal.
 */
export class AlipayTokenRenewedError extends AlipayError {
  override name = 'AlipayTokenRenewedError'
  override readonly code = 'ALIPAY_TOKEN_RENEWED'
  readonly authAppId: string
  /** The v2 method, or for v3 the HTTP method and path, that was not repeated. */
  readonly operation: string

  constructor(authAppId: string, operation: string, refusal: unknown) {
    const { code, subCode, subMsg, traceId } = refusal as Partial<AlipayError>
    super(
      `${operation} for merchant ${authAppId} was refused because its app_auth_token was no longer valid (${subCode ?? code}). The token has been renewed; the call was not repeated, because it is not marked idempotent. Repeat it yourself if that is safe: e.g. alipay.trade.create with the same out_trade_no is (Alipay answers the trade it already has). Pass { idempotent: true } for calls that are always safe to repeat.`,
      { subCode, subMsg, traceId, cause: refusal },
    )
    this.authAppId = authAppId
    this.operation = operation
  }
}
