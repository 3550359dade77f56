import type { Context, Next } from 'koa'
import { AlipayRouteError } from '../../src/index.js'

/**
 * The error middleware a Koa app typically has, exactly as the README shows it: the routes'
 * AlipayRouteErrors (status, stable code, `expose: true`) become `{ code, message }`.
 */
export async function renderErrorsAsJson(ctx: Context, next: Next): Promise<void> {
  try {
    await next()
  } catch (error) {
    if (!(error instanceof AlipayRouteError)) throw error
    ctx.status = error.status
    if (error.headers) ctx.set(error.headers)
    ctx.body = { code: error.code, message: error.message }
  }
}
