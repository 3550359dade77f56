import {
  type CookieSigner,
  cookieSignerFromMac,
  createCookieSigner,
  verifiedBindings,
} from '@alipay-isv/core/adapter'
import type { Context } from 'koa'
import { koaConfigError } from './config-failure.js'
import type { AlipayAuthConfig } from './resolve-options.js'

/**
 * The browser's binding travels in one cookie, signed with `cookieSecret` or else with Koa's
 * `app.keys`, so a callback only succeeds in the browser that started it. It identifies the
 * browser across authorizations (several tabs each complete). SameSite=Lax: Alipay's redirect
 * back is a top-level GET, which Lax cookies survive.
 */
export interface StateCookie {
  /**
   * The binding of every cookie of that name whose signature verifies, from the raw header: a
   * planted cookie of the same name may come first, and Koa's cookies.get() reads only that one.
   */
  read(): string[]
  /** Sets (or renews) the cookie: it lives as long as the state just started. */
  set(browserBinding: string): void
}

/**
 * The state cookie of this request, its signer resolved once for both reading and setting (per
 * request, since `app.keys` may change). Without a way to sign it, this throws.
 */
export function stateCookie(ctx: Context, config: AlipayAuthConfig): StateCookie {
  const signer = cookieSigner(ctx, config)
  return {
    read: () => verifiedBindings(ctx.get('cookie'), config.cookieName, signer),
    set(browserBinding) {
      ctx.cookies.set(config.cookieName, signer.sign(browserBinding), {
        signed: false,
        httpOnly: true,
        sameSite: 'lax',
        // ctx.secure reads X-Forwarded-Proto only when app.proxy is true, as Koa users expect.
        secure: ctx.secure,
        path: config.prefix || '/',
        maxAge: config.appAuth.stateTtlMs,
      })
    },
  }
}

/** What `app.keys` may be besides an array: a Keygrip (or anything signing and verifying alike). */
interface KeygripLike {
  sign(data: string): string
  verify(data: string, digest: string): boolean
}

function cookieSigner(ctx: Context, config: AlipayAuthConfig): CookieSigner {
  if (config.cookieSigner !== undefined) return config.cookieSigner
  const keys: unknown = ctx.app.keys
  if (Array.isArray(keys) && keys.length > 0) return createCookieSigner(keys)
  if (isKeygrip(keys)) return cookieSignerFromMac(keys)
  throw koaConfigError(
    'app.keys is not set. The state cookie of the authorization flow is signed with the ' +
      "cookieSecret option or, without it, with Koa's app.keys: set app.keys = " +
      '[process.env.COOKIE_SECRET] (a long random secret) before the app serves requests (to ' +
      'rotate, put the new key first), or pass cookieSecret to alipayAuth().',
  )
}

function isKeygrip(keys: unknown): keys is KeygripLike {
  const candidate = keys as Partial<KeygripLike> | null | undefined
  return typeof candidate?.sign === 'function' && typeof candidate.verify === 'function'
}
