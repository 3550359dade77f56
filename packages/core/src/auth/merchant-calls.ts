import type { AlipayClient } from '../client/alipay-client.js'
import { tokenRefusalOf } from '../client/error-advice.js'
import type { V3HttpMethod } from '../client/v3-call.js'
import { AlipayReauthorizationRequiredError, AlipayTokenRenewedError } from '../errors.js'
import type { MerchantToken } from '../stores/types.js'
import type { Telemetry } from '../telemetry/telemetry.js'
import { type AppAuthEventEmitter, reportCallFailure } from './events.js'
import type { ApiCallCounts } from './health.js'

type RequestCounts = Omit<ApiCallCounts, 'tokenRenewals'>

export interface WithTokenOptions {
  /** What is called, for errors and the `apiCall` event: a v2 method, or `GET /v3/…`. */
  operation: string
  /**
   * Whether the call may be sent again after Alipay refused the token and it was renewed. Default
   * false: the call rejects with `AlipayTokenRenewedError` instead.
   */
  idempotent?: boolean
}

export interface ExecOptions {
  /** Default: true for methods ending in `.query`. See `WithTokenOptions.idempotent`. */
  idempotent?: boolean
}

export interface CurlOptions {
  /** Sent as the JSON body. */
  body?: Record<string, unknown>
  /** Sent in the URL, and signed there. */
  query?: Record<string, string>
  /** Default: true for `GET`. See `WithTokenOptions.idempotent`. */
  idempotent?: boolean
}

/** A verified 2xx answer of the v3 API. */
export interface CurlResult {
  status: number
  body: Record<string, unknown>
  traceId?: string
}

export interface MerchantCallsDeps {
  client: AlipayClient
  getToken(authAppId: string): Promise<string>
  /** As `reportInvalidToken`: the record to repeat with, shared by concurrent callers. */
  renewToken(authAppId: string, rejectedToken: string): Promise<MerchantToken>
  events: AppAuthEventEmitter
  telemetry: Telemetry
}

/**
 * Calls made for a merchant with its current token (docs/protocol.md §9), and what follows when
 * Alipay refuses that token: renewed once for every concurrent caller, the call repeated once
 * when it is idempotent.
 */
export class MerchantCalls {
  private readonly counts: RequestCounts = { succeeded: 0, failed: 0 }

  constructor(private readonly deps: MerchantCallsDeps) {}

  /** How many requests were answered and how many failed, for `health()`. */
  requestCounts(): RequestCounts {
    return { ...this.counts }
  }

  async exec(
    authAppId: string,
    method: string,
    bizContent: Record<string, unknown> = {},
    options: ExecOptions = {},
  ): Promise<Record<string, unknown>> {
    const { client, events } = this.deps
    const result = await this.withToken(
      authAppId,
      (appAuthToken) =>
        client
          .executeWithTrace(method, bizContent, { appAuthToken, authAppId })
          .catch((error: unknown) => {
            reportCallFailure(events, error, 'exec', authAppId)
            throw error
          }),
      { operation: method, idempotent: options.idempotent ?? method.endsWith('.query') },
      'alipay.exec',
    )
    return result.data
  }

  async curl(
    authAppId: string,
    httpMethod: V3HttpMethod,
    path: string,
    options: CurlOptions = {},
  ): Promise<CurlResult> {
    const { client, events } = this.deps
    const { body, query, idempotent = httpMethod === 'GET' } = options
    const result = await this.withToken(
      authAppId,
      (appAuthToken) =>
        client
          .requestV3WithTrace(httpMethod, path, { body, query, appAuthToken, authAppId })
          .catch((error: unknown) => {
            reportCallFailure(events, error, 'curl', authAppId)
            throw error
          }),
      { operation: `${httpMethod} ${path}`, idempotent },
      'alipay.curl',
    )
    return { status: result.status, body: result.data, traceId: result.traceId }
  }

  /**
   * Runs `attempt` with the merchant's current token. A refusal of that token (an error whose
   * `subCode` or `code` is `aop.invalid-app-auth-token` or `aop.app-auth-token-time-out`) renews
   * it; `attempt` then runs once more with the new token if the call is idempotent. All of it is
   * one span, `spanName`, holding the calls, the renewal's query and refresh, and the repeat.
   */
  withToken<T>(
    authAppId: string,
    attempt: (appAuthToken: string) => Promise<T>,
    options: WithTokenOptions,
    spanName = 'alipay.with_token',
  ): Promise<T> {
    const attributes = { 'alipay.api': options.operation, 'alipay.auth_app_id': authAppId }
    return this.deps.telemetry.inSpan(spanName, { kind: 'internal', attributes }, (span) =>
      this.withTokenRenewed(authAppId, attempt, options, () =>
        span?.setAttribute('alipay.repeated', true),
      ),
    )
  }

  private async withTokenRenewed<T>(
    authAppId: string,
    attempt: (appAuthToken: string) => Promise<T>,
    options: WithTokenOptions,
    onRenewed: () => void,
  ): Promise<T> {
    const { operation } = options
    const token = await this.deps.getToken(authAppId)
    let renewedToken: string
    try {
      return await this.timed(authAppId, operation, () => attempt(token))
    } catch (error) {
      renewedToken = await this.renewAfter(error, authAppId, token, options)
    }
    onRenewed()
    try {
      return await this.timed(authAppId, operation, () => attempt(renewedToken))
    } catch (error) {
      if (tokenRefusalOf(error) === 'api-not-granted') {
        throw apiNotGranted(authAppId, operation, error)
      }
      throw error
    }
  }

  /** The token to repeat the call with; throws when the call is not to be repeated. */
  private async renewAfter(
    error: unknown,
    authAppId: string,
    token: string,
    { operation, idempotent }: WithTokenOptions,
  ): Promise<string> {
    const refusal = tokenRefusalOf(error)
    if (refusal === 'api-not-granted') throw apiNotGranted(authAppId, operation, error)
    if (refusal !== 'invalid') throw error
    const renewed = await this.deps.renewToken(authAppId, token)
    // Alipay still accepts the token when asked about it: a repeat would meet the same answer.
    if (renewed.appAuthToken === token) throw error
    if (!idempotent) throw new AlipayTokenRenewedError(authAppId, operation, error)
    return renewed.appAuthToken
  }

  /** Runs one request, counted and reported as an `apiCall` event (never with the token). */
  private async timed<T>(authAppId: string, method: string, send: () => Promise<T>): Promise<T> {
    const started = performance.now()
    const report = (ok: boolean, outcome: unknown) => {
      if (ok) this.counts.succeeded++
      else this.counts.failed++
      const { code, subCode, traceId } = readFields(outcome)
      const durationMs = performance.now() - started
      this.deps.events.emit('apiCall', {
        authAppId,
        method,
        durationMs,
        ok,
        code,
        subCode,
        traceId,
      })
    }
    try {
      const result = await send()
      report(true, result)
      return result
    } catch (error) {
      report(false, error)
      throw error
    }
  }
}

/** The `code`, `subCode` and `traceId` an error or an answer carries, when they are strings. */
function readFields(value: unknown): { code?: string; subCode?: string; traceId?: string } {
  if (typeof value !== 'object' || value === null) return {}
  const text = (name: string) => {
    const field = (value as Record<string, unknown>)[name]
    return typeof field === 'string' ? field : undefined
  }
  const isError = value instanceof Error
  return {
    code: isError ? text('code') : undefined,
    subCode: isError ? text('subCode') : undefined,
    traceId: text('traceId'),
  }
}

function apiNotGranted(
  authAppId: string,
  operation: string,
  refusal: unknown,
): AlipayReauthorizationRequiredError {
  return new AlipayReauthorizationRequiredError(
    authAppId,
    'api-not-granted',
    `Merchant ${authAppId} did not grant ${operation} to this app (Alipay answered aop.invalid-app-auth-token-no-api); its token still works for the APIs it granted, and the merchant stays active. To call ${operation}, send the merchant through authorization again with this API's permission included.`,
    refusal,
  )
}
