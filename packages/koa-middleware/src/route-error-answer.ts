import { AlipayRouteError, routeErrorBody } from '@alipay-isv/core/adapter'
import type { Context } from 'koa'

/**
 * The routes throw their AlipayRouteError as `ctx.throw` would (`status`, `expose: true`, the
 * stable `code`), so an error middleware of the app's upstream catches it and answers its own way.
 * When none does, Koa's default handler would answer the bare message as text/plain; for this
 * request only, it answers what `@alipay-isv/fastify` answers instead:
 * `{ statusCode, code, error, message }` as JSON, so a client reads the same `code` from both.
 * Any other error, and an answer already under way, stay with Koa's handler.
 */
export function answerUncaughtAsJson(ctx: Context): void {
  const koaDefault = ctx.onerror
  ctx.onerror = (error) => {
    if (!(error instanceof AlipayRouteError) || ctx.headerSent || !ctx.writable) {
      return koaDefault.call(ctx, error)
    }
    // Koa's default listener skips exposed client errors; an app listening still sees it.
    ctx.app.emit('error', error, ctx)
    const { res } = ctx
    for (const name of res.getHeaderNames()) res.removeHeader(name)
    if (error.headers) ctx.set(error.headers)
    const body = JSON.stringify(routeErrorBody(error))
    ctx.status = error.status
    ctx.type = 'application/json'
    ctx.length = Buffer.byteLength(body)
    res.end(body)
  }
}
