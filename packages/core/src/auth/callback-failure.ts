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
  /**
   * For the merchant who reads the page: what happened and what to do next, in plain words;
   * never Alipay's answer, never the app's configuration.
   */
  message: string
  /**
   * For the app's developer: which configuration to check, Alipay's code and sub_code. In
   * `logFields.detail`; on the page only when the adapter is told to (`errorDetail`).
   */
  detail?: string
  /**
   * For a program (the JSON answer, read by a developer): the merchant's sentence with the
   * developer's detail, and the path to start again at.
   */
  programMessage: string
  /** Safe for a log line: the error class, state reason, Alipay's code, sub_code, trace id, detail. */
  logFields: Record<string, string>
  /** Where to start again: the adapter's authorize route, when it has one. */
  authorizePath?: string
  /** For `ALIPAY_RATE_LIMITED` and `ALIPAY_STORE_UNAVAILABLE`: the seconds to send as `Retry-After`. */
  retryAfterSeconds?: number
}

/** A failure's code, the merchant's sentence, and the developer's detail. */
type Explained = [code: CallbackFailureCode, message: string, detail?: string]

const ALTERED =
  'The address Alipay sent you back to is incomplete or was changed, so nothing was done.'

const stateFailures: Record<AlipayStateErrorReason, Explained> = {
  'missing-state': [
    'ALIPAY_STATE_MISSING',
    'This link was not started from this site, so the authorization cannot be completed here.',
    'The callback carries no state. Invitation links and QR codes from Alipay’s console come back without state: the site accepts them only with its `invites` option turned on.',
  ],
  'unknown-or-expired-state': [
    'ALIPAY_STATE_EXPIRED',
    'This authorization has expired or was already completed.',
    'No stored state matches the callback’s: it is older than stateTtlMs, or was used.',
  ],
  'browser-mismatch': [
    'ALIPAY_STATE_BROWSER_MISMATCH',
    'This authorization was started in another browser, or this browser lost its cookie. Finish it in the browser that started it.',
    'The state cookie is missing, altered, or from another browser.',
  ],
  'missing-app-id': [
    'ALIPAY_APP_ID_MISSING',
    ALTERED,
    'The callback is missing the app_id parameter that Alipay always sends: open the link Alipay redirected to, unchanged.',
  ],
  'app-id-mismatch': [
    'ALIPAY_APP_ID_MISMATCH',
    'This authorization was meant for another app, so it cannot be completed here.',
    'The callback’s app_id is not this app’s: check that redirectUri is registered for this app in the Alipay console.',
  ],
  'bad-source': [
    'ALIPAY_BAD_SOURCE',
    ALTERED,
    'The callback did not come from Alipay app authorization (source is not alipay_app_auth).',
  ],
  'missing-code': [
    'ALIPAY_CODE_MISSING',
    'Alipay sent you back without an authorization: it may have been declined, so nothing was done.',
    'The callback carries no app_auth_code.',
  ],
  'malformed-code': [
    'ALIPAY_CODE_MALFORMED',
    ALTERED,
    'The callback’s app_auth_code is not one Alipay issues (too long, or characters Alipay never uses).',
  ],
  'repeated-parameter': [
    'ALIPAY_PARAMETER_REPEATED',
    ALTERED,
    'The callback carries one of its parameters twice with different values, which Alipay’s redirect never does.',
  ],
  'qr-used-elsewhere': [
    'ALIPAY_STATE_EXPIRED',
    'Another phone already completed the authorization of this QR code, so this one was not used and nothing was changed. Look at the computer that showed the QR code: it shows the outcome.',
    'The QR state was consumed by another callback first; this callback’s code was neither exchanged nor claimed.',
  ],
}

/** Said as they are: starting the authorization again is not what helps. */
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
 * Alipay's nor the store's doing (a bug, a throwing onAuthorized): that one is the app's to
 * handle. Core messages are not reused: they may quote Alipay's raw answer.
 */
export function describeCallbackFailure(
  error: unknown,
  options: { authorizePath?: string },
): CallbackFailure | undefined {
  const found = classify(error)
  if (found === undefined) return undefined
  const [code, what, detail] = found
  const status = callbackFailureCodes[code]
  const explained = {
    status,
    code,
    ...(detail === undefined ? {} : { detail }),
    logFields: logFields(error as AlipayError, detail),
  }
  const forProgram = (sentence: string) => [sentence, detail].filter(Boolean).join(' ')
  if (isShownOnDesktop(error)) {
    const message = `${what} Look back at the computer that showed the QR code: it shows this too, and can start a new authorization.`
    return { ...explained, message, programMessage: forProgram(message) }
  }
  // A second phone on one QR code: there is nothing to start again there.
  const onPhone = error instanceof AlipayStateError && error.reason === 'qr-used-elsewhere'
  const asIs = onPhone || NO_START_AGAIN.has(code)
  const startAt = options.authorizePath ? `Start again at ${options.authorizePath}.` : undefined
  return {
    ...explained,
    // The page's button says where; the sentence says what to do.
    message: asIs ? what : `${what} Start the authorization again.`,
    programMessage: forProgram(
      asIs ? what : `${what} ${startAt ?? 'Start the authorization again.'}`,
    ),
    ...(options.authorizePath && !onPhone ? { authorizePath: options.authorizePath } : {}),
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

function classify(error: unknown): Explained | undefined {
  if (error instanceof AlipayStateError) return stateFailures[error.reason]
  if (error instanceof AlipayStoreUnavailableError) {
    // Never the store's own message, not even in the detail: it names its address, file or lock.
    return [
      'ALIPAY_STORE_UNAVAILABLE',
      `This site cannot reach its storage right now, so nothing was done. Try again in ${STORE_RETRY_AFTER_SECONDS} seconds.`,
      'The store failed during the request (AlipayStoreUnavailableError); the server log has what failed.',
    ]
  }
  if (error instanceof AlipayContextChangeRefusedError) {
    return [
      'ALIPAY_CONTEXT_CHANGE_REFUSED',
      'This Alipay merchant app is already connected to another account on this site, so this authorization was not applied and nothing was changed. If the merchant should move to this account, ask the site’s operator.',
      'The merchant app is stored under another context than this authorization’s, and onContextChange refused the move. To move it, forget() it first, or set onContextChange (keep, replace, or a function).',
    ]
  }
  if (error instanceof AlipayRateLimitedError) {
    return [
      'ALIPAY_RATE_LIMITED',
      `Too many authorizations arrived at once, so nothing was done. Open the same link again in ${Math.ceil(error.retryAfterMs / 1000)} seconds.`,
      'Callbacks without a state (invitations) are rate-limited by invitesPerMinute.',
    ]
  }
  if (error instanceof AlipayDuplicateCallbackError) {
    return [
      'ALIPAY_DUPLICATE_CALLBACK',
      'This link was already used (opened twice), and an authorization is completed only once. If the merchant does not show as authorized, start over.',
      'The app_auth_code was received before and is exchanged only once.',
    ]
  }
  if (error instanceof AlipayApiError) {
    const reason = [error.code, error.subCode].filter(Boolean).join(' ') || 'no code given'
    if (spentCodeCodes.has(error.subCode ?? error.code ?? '')) {
      return [
        'ALIPAY_CODE_INVALID',
        'Alipay says this authorization was already used or has expired, so nothing was stored.',
        `Alipay answered ${reason} to the code exchange.`,
      ]
    }
    return [
      'ALIPAY_API_ERROR',
      'Alipay refused to complete the authorization, so nothing was stored (if it happens again, tell the site’s support).',
      `Alipay refused the code exchange (${reason}). Check the app's configuration (app id, keys, gateway).`,
    ]
  }
  if (error instanceof AlipaySignatureError) {
    const named = error.unverifiedCode
      ? ` Unverified, the answer names the error ${error.unverifiedCode}.`
      : ''
    return [
      'ALIPAY_UNTRUSTED_RESPONSE',
      'Alipay’s answer could not be verified, so nothing was stored (if it happens again, tell the site’s support).',
      `Alipay's answer did not verify.${named} Check ${error.keyOptions ?? 'alipayPublicKey'}.`,
    ]
  }
  if (error instanceof AlipayResponseError) {
    return [
      'ALIPAY_UNTRUSTED_RESPONSE',
      'Alipay’s answer could not be read, so nothing was stored (if it happens again, tell the site’s support).',
      "Alipay's answer was not one the API documents (malformed). Check that the gateway URL is Alipay's (or the emulator's) and that nothing between rewrites the answer.",
    ]
  }
  if (error instanceof AlipayTimeoutError || error instanceof AlipayTransportError) {
    const how = error instanceof AlipayTimeoutError ? 'timed out' : 'connection failed'
    return [
      'ALIPAY_UNREACHABLE',
      'Alipay could not be reached, so nothing was stored. Try again in a moment.',
      `The code exchange ${how}.`,
    ]
  }
  return undefined
}

/** Never the message or raw body: they may quote Alipay's answer, which can hold tokens. */
function logFields(error: AlipayError, detail: string | undefined): Record<string, string> {
  const fields = {
    error: error.name,
    reason: error instanceof AlipayStateError ? error.reason : undefined,
    alipayCode: error.code,
    subCode: error.subCode,
    traceId: error.traceId,
    detail,
    // For the operator only: a store's message names what failed (its address, file or lock).
    storeError: error instanceof AlipayStoreUnavailableError ? error.message : undefined,
  }
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
}
