import { AlipayConfigError, type AppAuth } from '@alipay-isv/core'
import { routeErrorFor } from '@alipay-isv/core/adapter'
import type { Context, Middleware, Next } from 'koa'
import { authorizeRoute } from './authorize-route.js'
import { callbackRoute } from './callback-route.js'
import { answerConfigError } from './config-failure.js'
import { logAppAuthEvents } from './event-log.js'
import type { AlipayAuthState } from './koa-state.js'
import { notifyRoute } from './notify-route.js'
import type { AlipayAuthOptions } from './options.js'
import { qrLinkRoute, qrStartRoute } from './qr-routes.js'
import { type AlipayAuthConfig, resolveOptions } from './resolve-options.js'
import { answerRouteError } from './route-error.js'

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
  const routes = new Map<string, { name: string; handle: Route }>()
  for (const [name, path] of Object.entries(config.paths)) {
    const route = name as keyof typeof routeHandlers
    routes.set(`${routeMethods[route]} ${path}`, { name, handle: routeHandlers[route] })
  }

  async function alipayAuthMiddleware(ctx: Context, next: Next): Promise<void> {
    // Koa has no ready hook: the first request starts the AppAuth (a no-op from then on).
    config.appAuth.start()
    ctx.state.alipayAuth = config.appAuth
    if (config.exposeOnContext) ctx.app.context.alipayAuth = config.appAuth
    const route = routes.get(`${ctx.method} ${ctx.path}`) ?? qrLink(ctx)
    if (route === undefined) return next()
    try {
      await route.handle(ctx, config)
    } catch (error) {
      if (error instanceof AlipayConfigError) return answerConfigError(ctx, error)
      // Anything that is neither the visitor's nor Alipay's doing (a store failure, a throwing
      // onAuthorized) goes on to the app's error handling, and Koa's.
      const answered = routeErrorFor(error)
      if (answered === undefined) throw error
      answerRouteError(ctx, config, route.name, answered)
    }
  }
  const qrLink = (ctx: Context) => {
    const handle = ctx.method === 'GET' ? qrLinkRoute(ctx.path, config.paths.qr) : undefined
    return handle && { name: 'qr', handle }
  }
  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      stopLogging()
      if (config.ownsAppAuth) await config.appAuth.close()
    })()
    return closing
  }
  return Object.assign(alipayAuthMiddleware, { appAuth: config.appAuth, close })
}
