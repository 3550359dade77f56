import type { AppAuth } from '../auth/app-auth.js'
import type { AppAuthEventName, AppAuthEvents } from '../auth/events.js'

export type AppAuthEventLevel = 'info' | 'warn' | 'error'

/**
 * The log level of each AppAuth event, shared by every adapter so their logs agree. Outcomes
 * that need no one are info; what a person should look at (a rejected notification, a failed
 * refresh, a merchant to win back) is warn; an answer or notification that does not verify — a
 * wrong key, or someone posing as Alipay — is error. Typed by every event name, so a new event
 * fails the build until it has a level.
 */
export const appAuthEventLevels: Readonly<Record<AppAuthEventName, AppAuthEventLevel>> = {
  codeExchanged: 'info',
  tokenRefreshed: 'info',
  notificationReceived: 'info',
  alipayCertificateLearned: 'info',
  apiCall: 'info',
  refreshFailed: 'warn',
  reauthorizationRequired: 'warn',
  notificationRejected: 'warn',
  signatureVerificationFailed: 'error',
}

/** Receives every event with its level; payloads hold ids, never a token, a code or a key. */
export type AppAuthEventForwarder = (
  level: AppAuthEventLevel,
  event: AppAuthEventName,
  payload: AppAuthEvents[AppAuthEventName],
) => void

/**
 * Subscribes `forward` to every event of `appAuth`, for a logger or metrics. Returns the
 * function that unsubscribes it: call it when the app closes, since a passed-in AppAuth may
 * outlive the app.
 */
export function forwardAppAuthEvents(
  appAuth: Pick<AppAuth, 'on'>,
  forward: AppAuthEventForwarder,
): () => void {
  const names = Object.keys(appAuthEventLevels) as AppAuthEventName[]
  const stops = names.map((event) =>
    appAuth.on(event, (payload) => forward(appAuthEventLevels[event], event, payload)),
  )
  return () => {
    for (const stop of stops) stop()
  }
}
