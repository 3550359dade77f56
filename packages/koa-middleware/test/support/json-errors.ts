import type { Context, Next } from 'koa'

/**
 * The error middleware a Koa app typically has (and the README shows): client errors thrown with
 * `ctx.throw(status, message, { code, expose: true })` become `{ code, message }` JSON.
 */
export async function renderErrorsAsJson(ctx: Context, next: Next): Promise<void> {
  try {
    await next()
  } catch (error) {
    const { status, expose, code, message } = error as {
      status?: number
      expose?: boolean
      code?: string
      message: string
    }
    if (!expose || status === undefined) throw error
    ctx.status = status
    ctx.body = { code, message }
  }
}
