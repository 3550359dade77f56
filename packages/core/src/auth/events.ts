import { AlipaySignatureError } from '../errors.js'
import type { NotifyOutcome } from './notify-handler.js'
import type { TypedEmitter } from './typed-emitter.js'

/*
 * What AppAuth reports as it works, for logs, metrics and alerts. Payloads name merchants
 * (`authAppId`, `userId`) and carry Alipay's trace id or the notification's `notify_id`; they
 * never carry a token, a code or a key, so any of them can be logged as it is.
 */

/** Alipay's trace id (`alipay-trace-id`) of the answer concerned, when Alipay sent one. */
interface Traced {
  traceId?: string
}

/** An error, reduced to what is safe to log: messages of this library never hold secrets. */
export interface ErrorSummary {
  name: string
  message: string
  code?: string
  subCode?: string
}

export interface AppAuthEvents {
  /** A code was exchanged: once per authorized merchant app. */
  codeExchanged: Traced & { authAppId: string; userId: string }
  /** This instance got a new token pair from Alipay and stored it. */
  tokenRefreshed: Traced & { authAppId: string; userId: string; expiresAt: number }
  /** Alipay did not refresh the token (unreachable, erring, or the refresh token is dead). */
  refreshFailed: Traced & { authAppId: string; userId: string; error: ErrorSummary }
  /** The merchant can get no more tokens until it authorizes the app again. */
  reauthorizationRequired: Traced & {
    authAppId: string
    userId?: string
    /** `refresh-interrupted`: a refresh cut short by a crash could not be finished (see AlipayReauthorizationReason). */
    reason: 'refresh-token-dead' | 'refresh-interrupted' | 'cancelled'
    notifyId?: string
  }
  /** A verified notification was handled (`kind` as in `NotifyOutcome`). */
  notificationReceived: {
    kind: Extract<NotifyOutcome, { ok: true }>['kind']
    notifyId?: string
    authAppId?: string
  }
  /** A notification was answered `fail`: not verified, not for this app, or malformed. */
  notificationRejected: { reason: string; notifyId?: string }
  /**
   * Certificate mode: Alipay signed an answer with a certificate that was not configured (it
   * rotated its certificate); the certificate was downloaded, chained to the root bundle, and is
   * trusted from now on. `sn` is its serial-number digest, as Alipay names it (`alipay_cert_sn`).
   */
  alipayCertificateLearned: { sn: string }
  /**
   * A call made for a merchant (`exec`, `curl`, `withToken`) was answered or failed: once per
   * request sent, so a call repeated after renewing the token counts twice. `method` is the v2
   * method, or for v3 the HTTP method and path. `code` and `subCode` are those of a refusal.
   */
  apiCall: Traced & {
    authAppId: string
    method: string
    durationMs: number
    ok: boolean
    code?: string
    subCode?: string
  }
  /** An answer from Alipay, or a notification, does not verify: nothing in it was used. */
  signatureVerificationFailed: Traced & {
    source: 'response' | 'notification'
    operation: 'exchangeCode' | 'refreshToken' | 'queryToken' | 'exec' | 'curl' | 'notify'
    authAppId?: string
    notifyId?: string
  }
}

export type AppAuthEventName = keyof AppAuthEvents
export type AppAuthEventEmitter = TypedEmitter<AppAuthEvents>

/** A call to Alipay failed: when its answer did not verify, that is an event of its own. */
export function reportCallFailure(
  events: AppAuthEventEmitter,
  error: unknown,
  operation: AppAuthEvents['signatureVerificationFailed']['operation'],
  authAppId?: string,
): void {
  if (!(error instanceof AlipaySignatureError)) return
  events.emit('signatureVerificationFailed', {
    source: 'response',
    operation,
    authAppId,
    traceId: error.traceId,
  })
}

export function summarize(error: unknown): ErrorSummary {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const { code, subCode } = error as { code?: unknown; subCode?: unknown }
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof subCode === 'string' ? { subCode } : {}),
  }
}
