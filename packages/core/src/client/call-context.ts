import type { Clock } from '../clock.js'
import { AlipayError, AlipayResponseError, AlipaySignatureError } from '../errors.js'
import type { AlipayKeyring } from './alipay-keyring.js'
import type { Credentials } from './credentials.js'
import type { Endpoints } from './endpoints.js'
import { redact } from './redact.js'

/** What one v2 or v3 call needs from the client that makes it. */
export interface CallContext {
  appId: string
  credentials: Credentials
  /** Alipay's keys by certificate SN, learning rotated certificates (docs/protocol.md §5). */
  alipayKeys: AlipayKeyring
  endpoints: Endpoints
  clock: Clock
  timeoutMs: number
  encryptKey?: string
  /** Looked up per call, so a test's msw (which patches `globalThis.fetch`) sees it. */
  fetch(): typeof fetch
}

/** A verified answer, and Alipay's trace id for it when Alipay sent one (`alipay-trace-id`). */
export interface CallResult {
  data: Record<string, unknown>
  traceId?: string
  /** The answer's HTTP status. */
  status: number
}

export interface CallSecrets {
  /** Values the call sends (code, tokens) that must never appear in an error. */
  secrets?: readonly string[]
}

/**
 * Re-throws a failure while reading a response without any token it may quote: the signer's
 * errors show the content they verified, which for a token call holds tokens. Keeps Alipay's
 * trace id of the answer, for the signatureVerificationFailed event and support tickets.
 */
export function rethrowRedacted(
  error: unknown,
  secrets: readonly string[],
  what: string,
  traceId: string | undefined,
): never {
  if (!(error instanceof AlipayError)) {
    throw new AlipayResponseError(
      `Alipay's response to ${what} cannot be read; nothing in it was used.`,
      { cause: error, traceId },
    )
  }
  const Kind = error instanceof AlipaySignatureError ? AlipaySignatureError : AlipayResponseError
  throw new Kind(redact(error.message, secrets), {
    rawBody: error.rawBody === undefined ? undefined : redact(error.rawBody, secrets),
    httpStatus: error.httpStatus,
    traceId,
    ...(error instanceof AlipaySignatureError
      ? { keyOptions: error.keyOptions, unverifiedCode: error.unverifiedCode }
      : {}),
  })
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

export function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
}
