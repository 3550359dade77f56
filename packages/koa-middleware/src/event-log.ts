import type { AppAuth, AppAuthEventName } from '@alipay-isv/core'
import type { AlipayAuthLogger } from './options.js'

/**
 * The level of each AppAuth event. Outcomes that need no one are info; what a person should look
 * at (a rejected notification, a failed refresh, a merchant to win back) is warn; an answer or
 * notification that does not verify — a wrong key, or someone posing as Alipay — is error.
 * Typed by every event name, so a new core event fails the build here.
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
 * Writes every event of `appAuth` as one line, `alipay-auth: <event> authAppId=… traceId=…`: core's
 * payloads hold merchant, trace and notify ids, never a token, a code or a key. A logger without
 * `error()` gets error lines on `warn()`. Returns the function that stops it.
 */
export function logAppAuthEvents(appAuth: AppAuth, logger: AlipayAuthLogger): () => void {
  const stops = (Object.keys(eventLevels) as AppAuthEventName[]).map((event) =>
    appAuth.on(event, (payload) => {
      const line = `alipay-auth: ${event} ${fields(payload).join(' ')}`
      const level = eventLevels[event]
      if (level === 'info') logger.info(line)
      else if (level === 'error' && logger.error) logger.error(line)
      else logger.warn(line)
    }),
  )
  return () => {
    for (const stop of stops) stop()
  }
}

/** `name=value` pairs, nested objects (an error summary) as `error.subCode=…`. */
function fields(payload: object, prefix = ''): string[] {
  return Object.entries(payload).flatMap(([name, value]: [string, unknown]) => {
    if (value === undefined) return []
    if (typeof value === 'object' && value !== null) return fields(value, `${prefix}${name}.`)
    const text = String(value)
    return [`${prefix}${name}=${/[\s"=]/.test(text) ? JSON.stringify(text) : text}`]
  })
}
