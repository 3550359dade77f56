import type { AlipayRouteError } from '@alipay-isv/core'
import { routeErrorAnswer, routeErrorLogFields } from '@alipay-isv/core/adapter'
import type { Context } from 'koa'
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
    const { code, ...fields } = routeErrorLogFields(error)
    const details = Object.entries(fields).map(
      ([name, value]) => ` ${name}=${/[\s"=]/.test(value) ? JSON.stringify(value) : value}`,
    )
    const line = `alipay-auth: ${route}: ${code}${details.join('')}`
    if (code === 'ALIPAY_STORE_UNAVAILABLE' && config.logger.error) config.logger.error(line)
    else config.logger.warn(line)
  }
  const answer = routeErrorAnswer(error, ctx.get('accept'), { showDetail: config.errorDetail })
  ctx.set(answer.headers)
  ctx.status = answer.status
  ctx.type = answer.type
  ctx.body = answer.body
}
