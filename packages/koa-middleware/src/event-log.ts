import type { AppAuth } from '@alipay-isv/core'
import { type AppAuthEventLevel, forwardAppAuthEvents } from '@alipay-isv/core/adapter'
import type { AlipayAuthLogger } from './options.js'

/**
 * Writes every event of `appAuth` as one line, `alipay-auth: <event> authAppId=… traceId=…`, at
 * core's level for it (`appAuthEventLevels`): core's payloads hold merchant, trace and notify
 * ids, never a token, a code or a key. A logger without `error()` gets error lines on `warn()`.
 * Returns the function that stops it.
 */
export function logAppAuthEvents(appAuth: AppAuth, logger: AlipayAuthLogger): () => void {
  return forwardAppAuthEvents(appAuth, (level, event, payload) =>
    writeLine(logger, level, `alipay-auth: ${event} ${fields(payload).join(' ')}`),
  )
}

/** One line at `level`; a logger without `error()` gets error lines on `warn()`. */
export function writeLine(logger: AlipayAuthLogger, level: AppAuthEventLevel, line: string): void {
  if (level === 'info') logger.info(line)
  else if (level === 'error' && logger.error) logger.error(line)
  else logger.warn(line)
}

/** `name=value` pairs, nested objects (an error summary) as `error.subCode=…`. */
export function fields(payload: object, prefix = ''): string[] {
  return Object.entries(payload).flatMap(([name, value]: [string, unknown]) => {
    if (value === undefined) return []
    if (typeof value === 'object' && value !== null) return fields(value, `${prefix}${name}.`)
    const text = String(value)
    return [`${prefix}${name}=${/[\s"=]/.test(text) ? JSON.stringify(text) : text}`]
  })
}
