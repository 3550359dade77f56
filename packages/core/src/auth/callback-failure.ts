import {
  AlipayApiError,
  AlipayContextChangeRefusedError,
  AlipayDuplicateCallbackError,
  type AlipayError,
  AlipayRateLimitedError,
  AlipayResponseError,
  AlipaySignatureError,
  AlipayStateError,
  type AlipayStateErrorReason,
  AlipayStoreUnavailableError,
  AlipayTimeoutError,
  AlipayTransportError,
} from '../errors.js'
import { isShownOnDesktop } from './shown-on-desktop.js'

/**
 * The stable codes a failed callback is answered with, and their HTTP status. Adapters send
 * these to the browser and document them; apps key on them. Never renumber or rename one.
 */
export const callbackFailureCodes = {
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
  ALIPAY_DUPLICATE_CALLBACK: 409,
  ALIPAY_RATE_LIMITED: 429,
  ALIPAY_API_ERROR: 502,
  ALIPAY_UNTRUSTED_RESPONSE: 502,
  ALIPAY_UNREACHABLE: 502,
  ALIPAY_CONTEXT_CHANGE_REFUSED: 409,
  ALIPAY_STORE_UNAVAILABLE: 503,
} as const

/** What a client is told to wait when the store is down: a restart or failover takes seconds. */
const STORE_RETRY_AFTER_SECONDS = 5

export type CallbackFailureCode = keyof typeof callbackFailureCodes

/** What the browser is told when `AppAuth.handleCallback` fails, and what the log may hold. */
export interface CallbackFailure {
  status: (typeof callbackFailureCodes)[CallbackFailureCode]
  code: CallbackFailureCode
  /** Says what happened and where to start again; never quotes Alipay's answer. */
  message: string
  /** Safe for a log line: the error class, state reason, Alipay's code, sub_code and trace id. */
  logFields: Record<string, string>
  /** Where to start again: the adapter's authorize route, when it has one. */
  authorizePath?: string
  /** For `ALIPAY_RATE_LIMITED` and `ALIPAY_STORE_UNAVAILABLE`: the seconds to send as `Retry-After`. */
  retryAfterSeconds?: number
}

const stateFailures: Record<AlipayStateErrorReason, [CallbackFailureCode, string]> = {
  'missing-state': [
    'ALIPAY_STATE_MISSING',
    'The callback carries no state, so it cannot be matched to an authorization this site started. Invitation links and QR codes from Alipay’s console come back without state: the site accepts them only with its `invites` option turned on.',
  ],
  'unknown-or-expired-state': [
    'ALIPAY_STATE_EXPIRED',
    'This authorization has expired or was already completed.',
  ],
  'browser-mismatch': [
    'ALIPAY_STATE_BROWSER_MISMATCH',
    'This authorization was started in another browser, or its cookie was lost or altered; finish it in the browser that started it.',
  ],
  'missing-app-id': [
    'ALIPAY_APP_ID_MISSING',
    'The callback is missing the app_id parameter that Alipay always sends; open the link Alipay redirected to, unchanged.',
  ],
  'app-id-mismatch': [
    'ALIPAY_APP_ID_MISMATCH',
    'The callback is meant for another Alipay app than this one; check that redirectUri belongs to this app.',
  ],
  'bad-source': [
    'ALIPAY_BAD_SOURCE',
    'The callback did not come from Alipay app authorization (source is not alipay_app_auth).',
  ],
  'missing-code': [
    'ALIPAY_CODE_MISSING',
    'The callback carries no app_auth_code; the merchant may have declined.',
  ],
  'malformed-code': [
    'ALIPAY_CODE_MALFORMED',
    'The callback’s app_auth_code is not one Alipay issues (too long, or characters Alipay never uses); nothing was done.',
  ],
  'repeated-parameter': [
    'ALIPAY_PARAMETER_REPEATED',
    'The callback carries one of its parameters twice with different values, which Alipay’s redirect never does; nothing was done. Open the link Alipay redirected to, unchanged.',
  ],
  'qr-used-elsewhere': [
    'ALIPAY_STATE_EXPIRED',
    'Another phone already completed the authorization of this QR code, so this one was not used and nothing was changed. Look at the computer that showed the QR code: it shows the outcome.',
  ],
}

/** Said as they are: starting again is not what helps. */
const NO_START_AGAIN: ReadonlySet<CallbackFailureCode> = new Set([
  'ALIPAY_RATE_LIMITED',
  'ALIPAY_STORE_UNAVAILABLE',
  'ALIPAY_CONTEXT_CHANGE_REFUSED',
])

/**
 * v2 sub_code and v3 codes of an authorization code that is spent or stale (docs/protocol.md §3,
 * §4).
 */
const spentCodeCodes = new Set(['isv.code-invalid', 'AUTH_CODE_NOT_EXIST', 'AUTH_CODE_NOT_VALID'])

/**
 * Translates an error of `AppAuth.handleCallback` (or of any route: a store down is answered the
 * same everywhere) into the answer for the client, or undefined when it is neither the visitor's,
 * Alipay's nor the store's doing (a bug, a throwing onAuthorized): that one is the app's to handle. Core messages are not reused: they may quote Alipay's raw answer.
 */
export function describeCallbackFailure(
  error: unknown,
  options: { authorizePath?: string },
): CallbackFailure | undefined {
  const found = classify(error)
  if (found === undefined) return undefined
  const [code, what] = found
  const status = callbackFailureCodes[code]
  if (isShownOnDesktop(error)) {
    return {
      status,
      code,
      message: `${what} Look back at the computer that showed the QR code: it shows this too, and can start a new authorization.`,
      logFields: logFields(error as AlipayError),
    }
  }
  const startAgain = options.authorizePath
    ? `Start again at ${options.authorizePath}.`
    : 'Start the authorization again.'
  const asIs =
    NO_START_AGAIN.has(code) ||
    (error instanceof AlipayStateError && error.reason === 'qr-used-elsewhere')
  return {
    status,
    code,
    message: asIs ? what : `${what} ${startAgain}`,
    logFields: logFields(error as AlipayError),
    ...(options.authorizePath && !asIs ? { authorizePath: options.authorizePath } : {}),
    ...retryAfter(error),
  }
}

function retryAfter(error: unknown): { retryAfterSeconds?: number } {
  if (error instanceof AlipayRateLimitedError) {
    return { retryAfterSeconds: Math.ceil(error.retryAfterMs / 1000) }
  }
  if (error instanceof AlipayStoreUnavailableError) {
    return { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS }
  }
  return {}
}

function classify(error: unknown): [CallbackFailureCode, string] | undefined {
  if (error instanceof AlipayStateError) return stateFailures[error.reason]
  if (error instanceof AlipayStoreUnavailableError) {
    // Never the store's own message: it names its address, file or lock.
    return [
      'ALIPAY_STORE_UNAVAILABLE',
      `This site cannot reach its storage right now, so nothing was done. Try again in ${STORE_RETRY_AFTER_SECONDS} seconds; the site’s log says what failed.`,
    ]
  }
  if (error instanceof AlipayContextChangeRefusedError) {
    return [
      'ALIPAY_CONTEXT_CHANGE_REFUSED',
      'This Alipay merchant app is already connected to another account on this site, so this authorization was not applied and nothing was changed. If the merchant should move to this account, ask the site’s operator: they can release it from the other account (or allow such moves), then authorize again.',
    ]
  }
  if (error instanceof AlipayRateLimitedError) {
    return [
      'ALIPAY_RATE_LIMITED',
      `Too many authorizations without a state (invitations) arrived at once; nothing was done. Open the same link again in ${Math.ceil(error.retryAfterMs / 1000)} seconds.`,
    ]
  }
  if (error instanceof AlipayDuplicateCallbackError) {
    return [
      'ALIPAY_DUPLICATE_CALLBACK',
      'This authorization code was already received (the link was opened twice) and is exchanged only once. If the merchant does not show as authorized, start over.',
    ]
  }
  if (error instanceof AlipayApiError) {
    if (spentCodeCodes.has(error.subCode ?? error.code ?? '')) {
      return [
        'ALIPAY_CODE_INVALID',
        'Alipay says the authorization code was already used or has expired; nothing was stored.',
      ]
    }
    const reason = [error.code, error.subCode].filter(Boolean).join(' ') || 'no code given'
    return [
      'ALIPAY_API_ERROR',
      `Alipay refused the code exchange (${reason}); nothing was stored. Check the app's configuration (app id, keys, gateway).`,
    ]
  }
  if (error instanceof AlipaySignatureError) {
    const named = error.unverifiedCode
      ? ` Unverified, the answer names the error ${error.unverifiedCode}.`
      : ''
    return [
      'ALIPAY_UNTRUSTED_RESPONSE',
      `Alipay's answer did not verify, so nothing was stored.${named} Check ${error.keyOptions ?? 'alipayPublicKey'}.`,
    ]
  }
  if (error instanceof AlipayResponseError) {
    return [
      'ALIPAY_UNTRUSTED_RESPONSE',
      "Alipay's answer was not one the API documents (malformed), so nothing was stored. Check that the gateway URL is Alipay's (or the emulator's) and that nothing between rewrites the answer.",
    ]
  }
  if (error instanceof AlipayTimeoutError || error instanceof AlipayTransportError) {
    const how = error instanceof AlipayTimeoutError ? 'timed out' : 'connection failed'
    return [
      'ALIPAY_UNREACHABLE',
      `Alipay could not be reached (${how}), so nothing was stored. Try again in a moment.`,
    ]
  }
  return undefined
}

/** Never the message or raw body: they may quote Alipay's answer, which can hold tokens. */
function logFields(error: AlipayError): Record<string, string> {
  const fields = {
    error: error.name,
    reason: error instanceof AlipayStateError ? error.reason : undefined,
    alipayCode: error.code,
    subCode: error.subCode,
    traceId: error.traceId,
    // For the operator: a store's message names what failed (its address, file or lock).
    storeError: error instanceof AlipayStoreUnavailableError ? error.message : undefined,
  }
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
}
