import type { Context } from 'koa'
import { koaConfigError } from './config-failure.js'
import type { AlipayAuthConfig } from './resolve-options.js'

/**
 * The browser binding of a pending authorization travels in a cookie signed with `app.keys`
 * (Koa's own signed cookies), so a callback only succeeds in the browser that started it.
 * SameSite=Lax: Alipay's redirect back is a top-level GET, which Lax cookies survive.
 */
export function setStateCookie(ctx: Context, config: AlipayAuthConfig, browserBinding: string) {
  // As long as the state it binds.
  const maxAge = config.appAuth.stateTtlMs
  ctx.cookies.set(config.cookieName, browserBinding, { ...cookieOptions(ctx, config), maxAge })
}

/** The binding, or undefined when the cookie is missing or its signature does not verify. */
export function readStateCookie(ctx: Context, config: AlipayAuthConfig): string | undefined {
  return ctx.cookies.get(config.cookieName, { signed: true })
}

export function clearStateCookie(ctx: Context, config: AlipayAuthConfig): void {
  ctx.cookies.set(config.cookieName, null, cookieOptions(ctx, config))
}

type CookieOptions = NonNullable<Parameters<Context['cookies']['set']>[2]>

function cookieOptions(ctx: Context, config: AlipayAuthConfig): CookieOptions {
  return {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    // ctx.secure reads X-Forwarded-Proto only when app.proxy is true, as Koa users expect.
    secure: ctx.secure,
    path: config.prefix || '/',
  }
}

/** Koa's signed cookies need `app.keys`; without them, say so in terms the operator can act on. */
export function requireCookieKeys(ctx: Context): void {
  const keys: unknown = ctx.app.keys
  const present = Array.isArray(keys) ? keys.length > 0 : keys !== undefined && keys !== null
  if (present) return
  throw koaConfigError(
    'app.keys is not set. The state cookie of the authorization flow is signed with ' +
      "Koa's app.keys: set app.keys = [process.env.COOKIE_SECRET] (a long random secret) before " +
      'the app serves requests; to rotate, put the new key first.',
  )
}
