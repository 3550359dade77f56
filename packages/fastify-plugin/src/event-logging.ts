import type { AppAuth, AppAuthEventName } from '@alipay-isv/core'
import type { FastifyBaseLogger } from 'fastify'

/**
 * The level of each AppAuth event in Fastify's log. Outcomes that need no one are info; what a
 * person should look at (a rejected notification, a failed refresh, a merchant to win back) is
 * warn; an answer or notification that does not verify — a wrong key, or someone posing as
 * Alipay — is error. Typed by every event name, so a new core event fails the build here.
 */
const eventLevels: Record<AppAuthEventName, 'info' | 'warn' | 'error'> = {
  codeExchanged: 'info',
  tokenRefreshed: 'info',
  notificationReceived: 'info',
  refreshFailed: 'warn',
  reauthorizationRequired: 'warn',
  notificationRejected: 'warn',
  signatureVerificationFailed: 'error',
}

/**
 * Logs every event of `appAuth` as one line, `{ event, ...payload }`: core's payloads hold
 * merchant ids, trace ids and notify ids, never a token, a code or a key. Returns the function
 * that stops it, for Fastify's onClose: a passed-in AppAuth outlives the app.
 */
export function forwardEventsToLog(appAuth: AppAuth, log: FastifyBaseLogger): () => void {
  const stops = (Object.keys(eventLevels) as AppAuthEventName[]).map((event) =>
    appAuth.on(event, (payload) =>
      log[eventLevels[event]]({ event, ...payload }, `alipay ${event}`),
    ),
  )
  return () => {
    for (const stop of stops) stop()
  }
}
