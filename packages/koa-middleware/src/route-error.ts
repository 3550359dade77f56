import type { AlipayRouteError } from '@alipay-isv/core'
import { routeErrorAnswer, routeErrorLogFields } from '@alipay-isv/core/adapter'
import type { Context } from 'koa'
import type { AlipayAuthConfig } from './resolve-options.js'

/**
 * A client's mistake (or Alipay's), answered as the route's response through Koa's own response
 * handling, the same status, code and body as @alipay-isv/fastify: the error page for a browser,
 * `{ statusCode, code, error, message }` for a program. One log line names the code.
 */
export function answerRouteError(
  ctx: Context,
  config: AlipayAuthConfig,
  route: string,
  error: AlipayRouteError,
): void {
  const { code, ...fields } = routeErrorLogFields(error)
  const details = Object.entries(fields).map(([name, value]) => ` ${name}=${value}`)
  config.logger.warn(`alipay-auth: ${route}: ${code}${details.join('')}`)
  const answer = routeErrorAnswer(error, ctx.get('accept'), { showDetail: config.errorDetail })
  ctx.set(answer.headers)
  ctx.status = answer.status
  ctx.type = answer.type
  ctx.body = answer.body
}
