import { notifyBodyLimit } from './notify-body-limit.js'
import { AlipayRouteError, type RouteErrorCode } from './route-error.js'

/** What a message may name besides its code: ids and codes only, never Alipay's words. */
export interface RouteErrorFacts {
  /** Seconds until the request may be made again: said, and sent as `Retry-After`. */
  retryAfterSeconds?: number
  /** `ALIPAY_API_ERROR`: Alipay's `code` and `sub_code`, e.g. `40002 isv.invalid-app-id`. */
  alipayCodes?: string
  /** `ALIPAY_UNTRUSTED_RESPONSE`: the answer's signature did not verify against these options. */
  keyOptions?: string
  /** `ALIPAY_UNTRUSTED_RESPONSE`: the error code the unverified answer carried. */
  unverifiedCode?: string
  /** `ALIPAY_UNREACHABLE`: how it failed. */
  unreachable?: 'timed out' | 'connection failed'
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
  says(facts: RouteErrorFacts): string
  /** Whether the visitor is told to start the authorization again (where, when known). */
  startAgain: boolean
}

/** The one wording of every route error: what happened, in the visitor's terms. */
const wordings: Record<RouteErrorCode, Wording> = {
  ALIPAY_STATE_MISSING: {
    says: () =>
      'The callback carries no state, so it cannot be matched to an authorization this site started. Invitation links and QR codes from Alipay’s console come back without state: the site accepts them only with its `invites` option turned on.',
    startAgain: true,
  },
  ALIPAY_STATE_EXPIRED: {
    says: () => 'This authorization has expired or was already completed.',
    startAgain: true,
  },
  ALIPAY_STATE_BROWSER_MISMATCH: {
    says: () =>
      'This authorization was started in another browser, or its cookie was lost or altered; finish it in the browser that started it.',
    startAgain: true,
  },
  ALIPAY_APP_ID_MISSING: {
    says: () =>
      'The callback is missing the app_id parameter that Alipay always sends; open the link Alipay redirected to, unchanged.',
    startAgain: true,
  },
  ALIPAY_APP_ID_MISMATCH: {
    says: () =>
      'The callback is meant for another Alipay app than this one; check that redirectUri belongs to this app.',
    startAgain: true,
  },
  ALIPAY_BAD_SOURCE: {
    says: () =>
      'The callback did not come from Alipay app authorization (source is not alipay_app_auth).',
    startAgain: true,
  },
  ALIPAY_CODE_MISSING: {
    says: () => 'The callback carries no app_auth_code; the merchant may have declined.',
    startAgain: true,
  },
  ALIPAY_CODE_MALFORMED: {
    says: () =>
      'The callback’s app_auth_code is not one Alipay issues (too long, or characters Alipay never uses); nothing was done.',
    startAgain: true,
  },
  ALIPAY_PARAMETER_REPEATED: {
    says: () =>
      'The callback carries one of its parameters twice with different values, which Alipay’s redirect never does; nothing was done. Open the link Alipay redirected to, unchanged.',
    startAgain: true,
  },
  ALIPAY_CODE_INVALID: {
    says: () =>
      'Alipay says the authorization code was already used or has expired; nothing was stored.',
    startAgain: true,
  },
  ALIPAY_QR_NOT_FOUND: {
    says: () =>
      'No QR authorization with this id was started in this browser, or it ended long ago. Start a new one at the authorize/qr route.',
    startAgain: false,
  },
  ALIPAY_DUPLICATE_CALLBACK: {
    says: () =>
      'This authorization code was already received (the link was opened twice) and is exchanged only once. If the merchant does not show as authorized, start over.',
    startAgain: true,
  },
  ALIPAY_CONTEXT_CHANGE_REFUSED: {
    says: () =>
      'This merchant app is already authorized for another account of this site; the authorization was not moved, and nothing was changed. Ask the site’s operator to release it first.',
    startAgain: false,
  },
  ALIPAY_NOTIFY_TOO_LARGE: {
    says: () => `An Alipay notification is never larger than ${notifyBodyLimit} bytes.`,
    startAgain: false,
  },
  ALIPAY_RATE_LIMITED: {
    says: ({ retryAfterSeconds }) =>
      `Too many authorizations without a state (invitations) arrived at once; nothing was done. Open the same link again in ${retryAfterSeconds ?? 1} seconds.`,
    startAgain: false,
  },
  ALIPAY_API_ERROR: {
    says: ({ alipayCodes }) =>
      `Alipay refused the code exchange (${alipayCodes || 'no code given'}); nothing was stored. Check the app's configuration (app id, keys, gateway).`,
    startAgain: true,
  },
  ALIPAY_UNTRUSTED_RESPONSE: {
    says: ({ keyOptions, unverifiedCode }) => {
      if (keyOptions === undefined) {
        return "Alipay's answer was not one the API documents (malformed), so nothing was stored. Check that the gateway URL is Alipay's (or the emulator's) and that nothing between rewrites the answer."
      }
      const named = unverifiedCode
        ? ` Unverified, the answer names the error ${unverifiedCode}.`
        : ''
      return `Alipay's answer did not verify, so nothing was stored.${named} Check ${keyOptions}.`
    },
    startAgain: true,
  },
  ALIPAY_UNREACHABLE: {
    says: ({ unreachable }) =>
      `Alipay could not be reached (${unreachable ?? 'connection failed'}), so nothing was stored. Try again in a moment.`,
    startAgain: true,
  },
  ALIPAY_STORE_UNAVAILABLE: {
    says: () =>
      'This site could not reach its storage just now, so nothing was done. Try again in a moment.',
    startAgain: false,
  },
}

/**
 * The route error of `code`, its message from the one table: what happened, then where to go
 * next (the computer showing the QR code, or the authorize route).
 */
export function routeError(
  code: RouteErrorCode,
  details: RouteErrorDetails = {},
): AlipayRouteError {
  const { says, startAgain } = wordings[code]
  const what = says(details)
  const { authorizePath, shownOnDesktop, retryAfterSeconds, cause } = details
  const headers =
    retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(retryAfterSeconds) }
  if (shownOnDesktop) {
    const lookBack =
      'Look back at the computer that showed the QR code: it shows this too, and can start a new authorization.'
    return new AlipayRouteError(code, `${what} ${lookBack}`, { headers, cause })
  }
  const next = authorizePath ? `Start again at ${authorizePath}.` : 'Start the authorization again.'
  return new AlipayRouteError(code, startAgain ? `${what} ${next}` : what, {
    headers,
    authorizePath,
    cause,
  })
}
