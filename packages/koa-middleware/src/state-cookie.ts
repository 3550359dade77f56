import type { Context } from 'koa'
import { koaConfigError } from './config-failure.js'
import type { AlipayAuthConfig } from './resolve-options.js'

/**
 * The browser binding of a pending authorization travels in a signed cookie (with `cookieSecret`,
 * or else Koa's own signed cookies and `app.keys`), so a callback only succeeds in the browser
 * that started it. SameSite=Lax: Alipay's redirect back is a top-level GET, which Lax cookies
 * survive.
 */
export function setStateCookie(ctx: Context, config: AlipayAuthConfig, browserBinding: string) {
  const value = config.cookieSigner?.sign(browserBinding) ?? browserBinding
  // As long as the state it binds.
  const maxAge = config.appAuth.stateTtlMs
  ctx.cookies.set(config.cookieName, value, { ...cookieOptions(ctx, config), maxAge })
}

/** The binding, or undefined when the cookie is missing or its signature does not verify. */
export function readStateCookie(ctx: Context, config: AlipayAuthConfig): string | undefined {
  const { cookieSigner } = config
  if (cookieSigner === undefined) return ctx.cookies.get(config.cookieName, { signed: true })
  return cookieSigner.unsign(ctx.cookies.get(config.cookieName))
}

export function clearStateCookie(ctx: Context, config: AlipayAuthConfig): void {
  ctx.cookies.set(config.cookieName, null, cookieOptions(ctx, config))
}

type CookieOptions = NonNullable<Parameters<Context['cookies']['set']>[2]>

function cookieOptions(ctx: Context, config: AlipayAuthConfig): CookieOptions {
  return {
    signed: config.cookieSigner === undefined,
    httpOnly: true,
    sameSite: 'lax',
    // ctx.secure reads X-Forwarded-Proto only when app.proxy is true, as Koa users expect.
    secure: ctx.secure,
    path: config.prefix || '/',
  }
}

/**
 * Without `cookieSecret`, Koa's signed cookies need `app.keys`; when neither is there, say so in
 * terms the operator can act on.
 */
export function requireCookieKeys(ctx: Context, config: AlipayAuthConfig): void {
  if (config.cookieSigner !== undefined) return
  const keys: unknown = ctx.app.keys
  const present = Array.isArray(keys) ? keys.length > 0 : keys !== undefined && keys !== null
  if (present) return
  throw koaConfigError(
    'app.keys is not set. The state cookie of the authorization flow is signed with the ' +
      "cookieSecret option or, without it, with Koa's app.keys: set app.keys = " +
      '[process.env.COOKIE_SECRET] (a long random secret) before the app serves requests (to ' +
      'rotate, put the new key first), or pass cookieSecret to alipayAuth().',
  )
}
