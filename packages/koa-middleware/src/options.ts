import type { AppAuth, AppAuthOptions, MerchantToken } from '@alipay-isv/core'
import type { Context } from 'koa'

/** Where the middleware's lines go. `console` and pino/bunyan loggers fit. */
export interface AlipayAuthLogger {
  info(message: string): void
  warn(message: string): void
  /** For signatures that do not verify; without it, those lines go to `warn`. */
  error?(message: string): void
}

/** Move a route under the prefix (`'/start'`) or switch it off (`false`). */
export interface AlipayAuthRoutes {
  /** Default `/authorize`. */
  authorize?: string | false
  /** Default `/callback`: the path of your `redirectUri`. */
  callback?: string | false
  /** Default `/notify`: the path of the notify URL registered with Alipay. */
  notify?: string | false
}

/** What the middleware adds to the authorization flow of `@alipay-isv/core`. */
export interface AlipayAuthAdapterOptions {
  /** Path prefix of the routes, as the browser sees it. Default `/alipay`. */
  prefix?: string
  routes?: AlipayAuthRoutes
  /** Called once per successful callback, after the tokens are stored. */
  onAuthorized?: (merchants: MerchantToken[], ctx: Context) => void | Promise<void>
  /** Where the callback redirects after success. Default: a small page listing the merchants. */
  successRedirect?: string
  /** Name of the state cookie (signed with `app.keys`). Default `alipay_auth_state`. */
  cookieName?: string
  /** Also set `app.context.alipayAuth`, so `ctx.alipayAuth` works everywhere. Default false. */
  exposeOnContext?: boolean
  /** One line per outcome and per AppAuth event, never a token or key. Default `console`. */
  logger?: AlipayAuthLogger
  /** Write every AppAuth event (code exchanged, token refreshed, …) to `logger`. Default true. */
  logEvents?: boolean
}

/** Every `AppAuth` option (the middleware builds the instance) or `appAuth`, an existing one. */
export type AlipayAuthOptions = AlipayAuthAdapterOptions &
  ((AppAuthOptions & { appAuth?: never }) | { appAuth: AppAuth })

export const defaultPrefix = '/alipay'
export const defaultCookieName = 'alipay_auth_state'
export const defaultRoutes = {
  authorize: '/authorize',
  callback: '/callback',
  notify: '/notify',
} as const
