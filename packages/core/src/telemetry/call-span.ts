import type { Attributes } from '@opentelemetry/api'
import { AlipayApiError, AlipayError } from '../errors.js'
import { failureAttributes } from './failure.js'
import type { Telemetry } from './telemetry.js'

/** One call to Alipay, as its span names it. */
export interface AlipayCall {
  /** The API: a v2 method (`alipay.open.auth.token.app`) or a v3 `POST /v3/…` (no query). */
  api: string
  appId: string
  /** The merchant app the call is for, when the caller knows; else read from the answer. */
  authAppId?: string
  httpMethod: string
  /** The host called: Alipay's, the emulator's, or a test's. */
  serverAddress: string
}

/** What an answer says about its call; a `CallResult` is one. */
export interface CallAnswer {
  status?: number
  traceId?: string
  data?: Record<string, unknown>
}

/** Told of each retry: the error that caused it, which retry it is (1, 2…) and its delay. */
export type RetryListener = (error: unknown, retry: number, delayMs: number) => void

/**
 * The CLIENT span of one call (retries are events on it), and the call's metrics. `run` makes
 * the call, retries included, telling `onRetry` of each.
 */
export async function traceCall<T extends CallAnswer>(
  telemetry: Telemetry,
  call: AlipayCall,
  run: (onRetry?: RetryListener) => Promise<T>,
): Promise<T> {
  const api = telemetry.api()
  if (api === undefined) return run()
  const started = performance.now()
  let failure: unknown
  try {
    return await telemetry.inSpan(
      call.api,
      { kind: 'client', attributes: requestAttributes(call) },
      async (span) => {
        try {
          const answer = await run((error, retry, delayMs) =>
            span?.addEvent('alipay.retry', {
              'alipay.retry': retry,
              'alipay.retry.delay_ms': delayMs,
              ...failureAttributes(error),
            }),
          )
          span?.setAttributes(answerAttributes(call, answer))
          return answer
        } catch (error) {
          span?.setAttributes(refusalAttributes(error))
          throw error
        }
      },
    )
  } catch (error) {
    failure = error
    throw error
  } finally {
    recordCall(telemetry, call, failure, (performance.now() - started) / 1000)
  }
}

function requestAttributes(call: AlipayCall): Attributes {
  return {
    'alipay.app_id': call.appId,
    ...(call.authAppId === undefined ? {} : { 'alipay.auth_app_id': call.authAppId }),
    'http.request.method': call.httpMethod,
    'server.address': call.serverAddress,
  }
}

function answerAttributes(call: AlipayCall, answer: CallAnswer): Attributes {
  const authAppId = call.authAppId ?? answeredMerchants(answer.data)
  return {
    ...(answer.status === undefined ? {} : { 'http.response.status_code': answer.status }),
    ...(answer.traceId === undefined ? {} : { 'alipay.trace_id': answer.traceId }),
    ...(authAppId === undefined ? {} : { 'alipay.auth_app_id': authAppId }),
  }
}

/** Alipay's trace id and HTTP status, which an error carries when Alipay answered at all. */
function refusalAttributes(error: unknown): Attributes {
  if (!(error instanceof AlipayError)) return {}
  return {
    ...(error.httpStatus === undefined ? {} : { 'http.response.status_code': error.httpStatus }),
    ...(error.traceId === undefined ? {} : { 'alipay.trace_id': error.traceId }),
  }
}

/**
 * The merchant apps a token answer is about (docs/protocol.md §3: `tokens[]`, or the flat legacy
 * shape), comma-separated when one authorization covers several.
 */
function answeredMerchants(data: Record<string, unknown> | undefined): string | undefined {
  if (data === undefined) return undefined
  const listed = Array.isArray(data.tokens) ? (data.tokens as unknown[]) : [data]
  const ids = listed
    .map((entry) => (entry as { auth_app_id?: unknown } | null)?.auth_app_id)
    .filter((id): id is string => typeof id === 'string' && id !== '')
  return ids.length === 0 ? undefined : [...new Set(ids)].join(',')
}

function recordCall(
  telemetry: Telemetry,
  call: AlipayCall,
  failure: unknown,
  seconds: number,
): void {
  const instruments = telemetry.instruments()
  if (instruments === undefined) return
  const attributes: Attributes = {
    'alipay.api': call.api,
    'alipay.outcome':
      failure === undefined ? 'success' : failure instanceof AlipayApiError ? 'refused' : 'error',
    ...(failure === undefined ? {} : { 'error.type': failureAttributes(failure)['error.type'] }),
  }
  instruments.calls.add(1, attributes)
  instruments.callDuration.record(seconds, attributes)
}
