import { AlipayConfigError, AlipayStoreUnavailableError, type AppAuth } from '@alipay-isv/core'
import { AlipayRouteError, describeCallbackFailure } from '@alipay-isv/core/adapter'
import type { Context, Middleware, Next } from 'koa'
import { authorizeRoute } from './authorize-route.js'
import { callbackRoute } from './callback-route.js'
import { answerConfigError } from './config-failure.js'
import { logAppAuthEvents } from './event-log.js'
import { answerFailure } from './failure-answer.js'
import type { AlipayAuthState } from './koa-state.js'
import { notifyRoute } from './notify-route.js'
import type { AlipayAuthOptions } from './options.js'
import { qrLinkRoute, qrStartRoute } from './qr-routes.js'
import { type AlipayAuthConfig, resolveOptions } from './resolve-options.js'
import { answerUncaughtAsJson } from './route-error-answer.js'

type Route = (ctx: Context, config: AlipayAuthConfig) => Promise<void>

const routeHandlers = {
  authorize: authorizeRoute,
  qr: qrStartRoute,
  callback: callbackRoute,
  notify: notifyRoute,
}
const routeMethods = { authorize: 'GET', qr: 'GET', callback: 'GET', notify: 'POST' } as const

/** The middleware, carrying its `AppAuth` for use outside requests (jobs, scripts, tests). */
export type AlipayAuthMiddleware = Middleware<AlipayAuthState> & {
  readonly appAuth: AppAuth
  /**
   * For shutdown, after the server has stopped taking requests (Koa has no close hook): stops
   * logging AppAuth events, and closes the AppAuth (its store) when the middleware built it from
   * options. An `appAuth` passed in is left open for its owner. Safe to call twice.
   */
  close(): Promise<void>
}

/**
 * The Alipay app-authorization routes as one Koa middleware. Options are checked now (an
 * AlipayConfigError names the bad one); then every request gets `ctx.state.alipayAuth`, the
 * routes under the prefix (and the QR code's link and status) are answered, and everything else
 * goes on to `next()`.
 */
export function alipayAuth(options: AlipayAuthOptions): AlipayAuthMiddleware {
  const config = resolveOptions(options)
  const stopLogging = config.logEvents ? logAppAuthEvents(config.appAuth, config.logger) : () => {}
  const routes = new Map<string, Route>()
  for (const [name, path] of Object.entries(config.paths)) {
    const route = name as keyof typeof routeHandlers
    routes.set(`${routeMethods[route]} ${path}`, routeHandlers[route])
  }

  async function alipayAuthMiddleware(ctx: Context, next: Next): Promise<void> {
    ctx.state.alipayAuth = config.appAuth
    if (config.exposeOnContext) ctx.app.context.alipayAuth = config.appAuth
    const exact = routes.get(`${ctx.method} ${ctx.path}`)
    const route =
      exact ?? (ctx.method === 'GET' ? qrLinkRoute(ctx.path, config.paths.qr) : undefined)
    if (route === undefined) return next()
    try {
      try {
        await route(ctx, config)
      } catch (error) {
        if (!(error instanceof AlipayStoreUnavailableError)) throw error
        // The same 503 on every route as on the callback; the store's details go to the log only.
        const failure = describeCallbackFailure(error, { authorizePath: config.paths.authorize })
        // The route's own path, never what the visitor put after the QR route's.
        const label = exact ? ctx.path : `${config.paths.qr}/:state`
        answerFailure(ctx, config, label, failure as NonNullable<typeof failure>)
      }
    } catch (error) {
      if (error instanceof AlipayConfigError) return answerConfigError(ctx, error)
      if (error instanceof AlipayRouteError) answerUncaughtAsJson(ctx)
      throw error
    }
  }
  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      stopLogging()
      config.refusals.close()
      if (config.ownsAppAuth) await config.appAuth.close()
    })()
    return closing
  }
  return Object.assign(alipayAuthMiddleware, { appAuth: config.appAuth, close })
}
