import type { AlipayRouteError } from '@alipay-isv/core'
import { routeErrorAnswer, routeErrorLevel, routeErrorLogFields } from '@alipay-isv/core/adapter'
import type { Context } from 'koa'
import { fields, writeLine } from './event-log.js'
import type { AlipayAuthConfig } from './resolve-options.js'

/**
 * A client's mistake (or Alipay's), answered as the route's response through Koa's own response
 * handling, the same status, code and body as @alipay-isv/fastify: the error page for a browser,
 * `{ statusCode, code, error, message }` for a program. One log line names the code (a store's
 * failure at `error`, with the store's own message, for the operator only).
 */
export function answerRouteError(
  ctx: Context,
  config: AlipayAuthConfig,
  route: string,
  error: AlipayRouteError,
): void {
  // Anyone can send refused requests: a few lines per minute and code, then a count.
  if (config.refusals.admit(error.code)) {
    const { code, ...rest } = routeErrorLogFields(error)
    const line = `alipay-auth: ${route}: ${[code, ...fields(rest)].join(' ')}`
    writeLine(config.logger, routeErrorLevel(error), line)
  }
  const answer = routeErrorAnswer(error, ctx.get('accept'), { showDetail: config.errorDetail })
  ctx.set(answer.headers)
  ctx.status = answer.status
  ctx.type = answer.type
  ctx.body = answer.body
}
