import {
  AlipayApiError,
  AlipayDuplicateCallbackError,
  type AlipayError,
  AlipayRateLimitedError,
  AlipayResponseError,
  AlipaySignatureError,
  AlipayStateError,
  type AlipayStateErrorReason,
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
} as const

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
  /** For `ALIPAY_RATE_LIMITED`: the seconds to send as `Retry-After`. */
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
}

/**
 * v2 sub_code and v3 codes of an authorization code that is spent or stale (docs/protocol.md §3,
 * §4).
 */
const spentCodeCodes = new Set(['isv.code-invalid', 'AUTH_CODE_NOT_EXIST', 'AUTH_CODE_NOT_VALID'])

/**
 * Translates an error of `AppAuth.handleCallback` into the answer for the browser, or undefined
 * when it is neither the visitor's nor Alipay's doing (a store failure, a bug): that one is the
 * app's to handle. Core messages are not reused: they may quote Alipay's raw answer.
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
  const limited = error instanceof AlipayRateLimitedError
  const startAt = options.authorizePath ? `Start again at ${options.authorizePath}.` : undefined
  return {
    ...explained,
    // The page's button says where; the sentence says what to do.
    message: limited ? what : `${what} Start the authorization again.`,
    programMessage: forProgram(
      limited ? what : `${what} ${startAt ?? 'Start the authorization again.'}`,
    ),
    ...(options.authorizePath ? { authorizePath: options.authorizePath } : {}),
    ...(limited ? { retryAfterSeconds: Math.ceil(error.retryAfterMs / 1000) } : {}),
  }
}

function classify(error: unknown): Explained | undefined {
  if (error instanceof AlipayStateError) return stateFailures[error.reason]
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
  }
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
}
