import type { AppAuth, AppAuthOptions } from '@alipay-isv/core'
import type { AdapterOptions, AdapterRoutes } from '@alipay-isv/core/adapter'
import type { Context } from 'koa'

/** Where the middleware's lines go. `console` and pino/bunyan loggers fit. */
export interface AlipayAuthLogger {
  info(message: string): void
  warn(message: string): void
  /** For signatures that do not verify; without it, those lines go to `warn`. */
  error?(message: string): void
}

/** Move a route under the prefix (`'/start'`) or switch it off (`false`). */
export type AlipayAuthRoutes = AdapterRoutes

/**
 * What the middleware adds to the authorization flow of `@alipay-isv/core`: the options every
 * adapter shares (checked by core, with the same messages in every adapter) and Koa's own.
 * Left out, `cookieSecret` falls back to Koa's signed cookies (`app.keys`).
 */
export interface AlipayAuthAdapterOptions extends AdapterOptions<Context> {
  /**
   * Where the AppAuth is put: `ctx.state.alipayAuth` by default (and `ctx.alipayAuth` when the
   * app is given to `alipayAuth`). Give each middleware its own to serve several ISV apps from
   * one server (see the README's "Several apps").
   */
  stateKey?: string
  /** One line per outcome and per AppAuth event, never a token or key. Default `console`. */
  logger?: AlipayAuthLogger
}

/** Every `AppAuth` option (the middleware builds the instance) or `appAuth`, an existing one. */
export type AlipayAuthOptions = AlipayAuthAdapterOptions &
  ((AppAuthOptions & { appAuth?: never }) | { appAuth: AppAuth })
