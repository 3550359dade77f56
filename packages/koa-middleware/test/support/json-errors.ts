import { type Context, HttpError, type Next } from 'koa'

/**
 * The error middleware a Koa app typically has, exactly as the README shows it: client errors
 * thrown with `ctx.throw(status, message, { code, expose: true })` become `{ code, message }`.
 */
export async function renderErrorsAsJson(ctx: Context, next: Next): Promise<void> {
  try {
    await next()
  } catch (error) {
    if (!(error instanceof HttpError) || !error.expose) throw error
    ctx.status = error.status
    ctx.body = { code: error.code, message: error.message }
  }
}
