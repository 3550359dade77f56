import type { AppAuth } from '@alipay-isv/core'
import { forwardAppAuthEvents } from '@alipay-isv/core/adapter'
import type { FastifyBaseLogger } from 'fastify'

/**
 * Logs every event of `appAuth` as one line, `{ event, ...payload }`, at core's level for it
 * (`appAuthEventLevels`): core's payloads hold merchant ids, trace ids and notify ids, never a
 * token, a code or a key. Returns the function that stops it, for Fastify's onClose: a
 * passed-in AppAuth outlives the app.
 */
export function logAppAuthEvents(appAuth: AppAuth, log: FastifyBaseLogger): () => void {
  return forwardAppAuthEvents(appAuth, (level, event, payload) =>
    log[level]({ event, ...payload }, `alipay ${event}`),
  )
}
