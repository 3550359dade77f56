import type { AppAuth } from '../auth/app-auth.js'
import type { AppAuthEventName, AppAuthEvents } from '../auth/events.js'
import { RefusalLog } from './refusal-log.js'

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
  contextChange: 'warn',
  signatureVerificationFailed: 'error',
}

/** Stands for the refusals of one kind that were counted, not forwarded one by one. */
export interface RefusalSummary {
  /** How many within the interval were not forwarded. */
  suppressed: number
  summary: string
}

/**
 * Receives every event with its level; payloads hold ids, never a token, a code or a key. Of
 * refused notifications (`notificationRejected`, a notification's `signatureVerificationFailed`),
 * which anyone can send, a few per minute come one by one and the rest as a `RefusalSummary`.
 */
export type AppAuthEventForwarder = (
  level: AppAuthEventLevel,
  event: AppAuthEventName,
  payload: AppAuthEvents[AppAuthEventName] | RefusalSummary,
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
  const refusals = new RefusalLog((kind, suppressed, summary) => {
    const event = kind as AppAuthEventName
    forward(appAuthEventLevels[event], event, { suppressed, summary })
  })
  const names = Object.keys(appAuthEventLevels) as AppAuthEventName[]
  const stops = names.map((event) =>
    appAuth.on(event, (payload) => {
      if (isRefusal(event, payload) && !refusals.admit(event)) return
      forward(appAuthEventLevels[event], event, payload)
    }),
  )
  return () => {
    for (const stop of stops) stop()
    refusals.close()
  }
}

function isRefusal(event: AppAuthEventName, payload: object): boolean {
  return (
    event === 'notificationRejected' ||
    (event === 'signatureVerificationFailed' &&
      (payload as AppAuthEvents['signatureVerificationFailed']).source === 'notification')
  )
}
