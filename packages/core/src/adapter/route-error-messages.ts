import type { RateLimitOption } from '../errors.js'
import { notifyBodyLimit } from './notify-body-limit.js'
import { AlipayRouteError, type RouteErrorCode } from './route-error.js'

/** What a message may name besides its code: ids and codes only, never Alipay's words. */
export interface RouteErrorFacts {
  /** Seconds until the request may be made again: said, and sent as `Retry-After`. */
  retryAfterSeconds?: number
  /** `ALIPAY_RATE_LIMITED`: the AppAuth option whose limit was reached. */
  rateLimit?: RateLimitOption
  /** `ALIPAY_API_ERROR`: Alipay's `code` and `sub_code`, e.g. `40002 isv.invalid-app-id`. */
  alipayCodes?: string
  /** `ALIPAY_UNTRUSTED_RESPONSE`: the answer's signature did not verify against these options. */
  keyOptions?: string
  /** `ALIPAY_UNTRUSTED_RESPONSE`: the error code the unverified answer carried. */
  unverifiedCode?: string
  /** `ALIPAY_UNREACHABLE`: how it failed. */
  unreachable?: 'timed out' | 'connection failed'
  /** `ALIPAY_STATE_EXPIRED`: another phone completed this QR code's authorization first. */
  completedElsewhere?: boolean
}

export interface RouteErrorDetails extends RouteErrorFacts {
  /** The adapter's authorize route: where the message sends the visitor to start again. */
  authorizePath?: string
  /**
   * A QR callback whose failure the computer that showed the code displays too: the phone is
   * sent back there, not to an authorize route (on the phone, without the desktop's session).
   */
  shownOnDesktop?: boolean
  cause?: unknown
}

interface Wording {
  /** For the merchant who reads the page: what happened, in plain words. */
  says(facts: RouteErrorFacts): string
  /** For the app's developer: which configuration to check, Alipay's codes. */
  explains?(facts: RouteErrorFacts): string
  /** Whether the visitor is told to start the authorization again (where, when known). */
  startAgain: boolean
}

const ALTERED =
  'The address Alipay sent you back to is incomplete or was changed, so nothing was done.'
const TELL_SUPPORT = '(if it happens again, tell the site’s support)'

/** The one wording of every route error: the merchant's sentence, and the developer's detail. */
const wordings: Record<RouteErrorCode, Wording> = {
  ALIPAY_STATE_MISSING: {
    says: () =>
      'This link was not started from this site, so the authorization cannot be completed here.',
    explains: () =>
      'The callback carries no state. Invitation links and QR codes from Alipay’s console come back without state: the site accepts them only with its `invites` option turned on.',
    startAgain: true,
  },
  ALIPAY_STATE_EXPIRED: {
    says: ({ completedElsewhere }) =>
      completedElsewhere
        ? 'Another phone already completed the authorization of this QR code, so this one was not used and nothing was changed.'
        : 'This authorization has expired or was already completed.',
    explains: ({ completedElsewhere }) =>
      completedElsewhere
        ? 'Another callback consumed the QR state first; this callback’s code was neither exchanged nor claimed.'
        : 'No stored state matches the callback’s: it is older than stateTtlMs, or was used.',
    startAgain: true,
  },
  ALIPAY_STATE_BROWSER_MISMATCH: {
    says: () =>
      'This authorization was started in another browser, or this browser lost its cookie. Finish it in the browser that started it.',
    explains: () => 'The state cookie is missing, altered, or from another browser.',
    startAgain: true,
  },
  ALIPAY_APP_ID_MISSING: {
    says: () => ALTERED,
    explains: () =>
      'The callback is missing the app_id parameter that Alipay always sends: open the link Alipay redirected to, unchanged.',
    startAgain: true,
  },
  ALIPAY_APP_ID_MISMATCH: {
    says: () => 'This authorization was meant for another app, so it cannot be completed here.',
    explains: () =>
      'The callback’s app_id is not this app’s: check that redirectUri is registered for this app in the Alipay console.',
    startAgain: true,
  },
  ALIPAY_BAD_SOURCE: {
    says: () => ALTERED,
    explains: () =>
      'The callback did not come from Alipay app authorization (source is not alipay_app_auth).',
    startAgain: true,
  },
  ALIPAY_CODE_MISSING: {
    says: () =>
      'Alipay sent you back without an authorization: it may have been declined, so nothing was done.',
    explains: () => 'The callback carries no app_auth_code.',
    startAgain: true,
  },
  ALIPAY_CODE_MALFORMED: {
    says: () => ALTERED,
    explains: () =>
      'The callback’s app_auth_code is not one Alipay issues (too long, or characters Alipay never uses).',
    startAgain: true,
  },
  ALIPAY_PARAMETER_REPEATED: {
    says: () => ALTERED,
    explains: () =>
      'The callback carries one of its parameters twice with different values, which Alipay’s redirect never does.',
    startAgain: true,
  },
  ALIPAY_CODE_INVALID: {
    says: () =>
      'Alipay says this authorization was already used or has expired, so nothing was stored.',
    explains: ({ alipayCodes }) =>
      `Alipay answered ${alipayCodes || 'no code given'} to the code exchange.`,
    startAgain: true,
  },
  ALIPAY_QR_NOT_FOUND: {
    says: () =>
      'No QR authorization with this id was started in this browser, or it ended long ago. Start a new one at the authorize/qr route.',
    startAgain: false,
  },
  ALIPAY_DUPLICATE_CALLBACK: {
    says: () =>
      'This link was already used (opened twice), and an authorization is completed only once. If the merchant does not show as authorized, start over.',
    explains: () => 'The app_auth_code was received before and is exchanged only once.',
    startAgain: true,
  },
  ALIPAY_CONTEXT_CHANGE_REFUSED: {
    says: () =>
      'This merchant app is already authorized for another account of this site, so nothing was changed. If it should move to this account, ask the site’s operator to release it from the other one first.',
    explains: () =>
      'The merchant is stored with another context; a callback does not move it to this one (onContextChange: refuse). To move it, forget() it first, or set onContextChange to keep, replace or a function.',
    startAgain: false,
  },
  ALIPAY_NOTIFY_TOO_LARGE: {
    says: () => `An Alipay notification is never larger than ${notifyBodyLimit} bytes.`,
    startAgain: false,
  },
  ALIPAY_RATE_LIMITED: {
    says: ({ retryAfterSeconds, rateLimit }) =>
      rateLimit === 'qrStartsPerMinute'
        ? `Too many QR codes were asked for at once, so none was made. Reload this page in ${retryAfterSeconds ?? 1} seconds.`
        : `Too many authorizations arrived at once, so nothing was done. Open the same link again in ${retryAfterSeconds ?? 1} seconds.`,
    explains: ({ rateLimit }) =>
      rateLimit === 'qrStartsPerMinute'
        ? 'QR authorizations started are rate-limited per instance by qrStartsPerMinute.'
        : 'Callbacks without a state (invitations) are rate-limited per instance by invitesPerMinute.',
    startAgain: false,
  },
  ALIPAY_API_ERROR: {
    says: () =>
      `Alipay refused to complete the authorization, so nothing was stored ${TELL_SUPPORT}.`,
    explains: ({ alipayCodes }) =>
      `Alipay refused the code exchange (${alipayCodes || 'no code given'}). Check the app's configuration (app id, keys, gateway).`,
    startAgain: true,
  },
  ALIPAY_UNTRUSTED_RESPONSE: {
    says: ({ keyOptions }) =>
      keyOptions === undefined
        ? `Alipay’s answer could not be read, so nothing was stored ${TELL_SUPPORT}.`
        : `Alipay’s answer could not be verified, so nothing was stored ${TELL_SUPPORT}.`,
    explains: ({ keyOptions, unverifiedCode }) => {
      if (keyOptions === undefined) {
        return "Alipay's answer was not one the API documents (malformed). Check that the gateway URL is Alipay's (or the emulator's) and that nothing between rewrites the answer."
      }
      const named = unverifiedCode
        ? ` Unverified, the answer names the error ${unverifiedCode}.`
        : ''
      return `Alipay's answer did not verify.${named} Check ${keyOptions}.`
    },
    startAgain: true,
  },
  ALIPAY_UNREACHABLE: {
    says: () => 'Alipay could not be reached, so nothing was stored. Try again in a moment.',
    explains: ({ unreachable }) => `The code exchange ${unreachable ?? 'connection failed'}.`,
    startAgain: true,
  },
  ALIPAY_STORE_UNAVAILABLE: {
    says: () =>
      'This site could not reach its storage just now, so nothing was done. Try again in a moment.',
    explains: () =>
      'The store failed during the request (AlipayStoreUnavailableError); the server log says what failed.',
    startAgain: false,
  },
}

const LOOK_BACK =
  'Look back at the computer that showed the QR code: it shows this too, and can start a new authorization.'

/**
 * The route error of `code`, its words from the one table. The page tells the merchant what
 * happened and what to do (the computer showing the QR code, or starting again: the page's
 * button says where); the message, for a program, adds the authorize path and the developer's
 * detail.
 */
export function routeError(
  code: RouteErrorCode,
  details: RouteErrorDetails = {},
): AlipayRouteError {
  const { says, explains, startAgain } = wordings[code]
  const sentence = says(details)
  const detail = explains?.(details)
  const { authorizePath, shownOnDesktop, retryAfterSeconds, cause } = details
  const headers =
    retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(retryAfterSeconds) }
  const forProgram = (said: string) => [said, detail].filter(Boolean).join(' ')
  if (shownOnDesktop) {
    const pageMessage = `${sentence} ${LOOK_BACK}`
    return new AlipayRouteError(code, forProgram(pageMessage), {
      pageMessage,
      detail,
      headers,
      cause,
    })
  }
  const pageMessage = startAgain ? `${sentence} Start the authorization again.` : sentence
  const where = authorizePath
    ? `Start again at ${authorizePath}.`
    : 'Start the authorization again.'
  const message = forProgram(startAgain ? `${sentence} ${where}` : sentence)
  // The page's button belongs to the words that say to start again, on whichever route.
  const startAt = startAgain ? authorizePath : undefined
  return new AlipayRouteError(code, message, {
    pageMessage,
    detail,
    headers,
    authorizePath: startAt,
    cause,
  })
}
