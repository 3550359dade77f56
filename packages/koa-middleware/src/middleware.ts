import { AlipayConfigError, type AppAuth } from '@alipay-isv/core'
import { routeErrorFor } from '@alipay-isv/core/adapter'
import type Koa from 'koa'
import type { Context, Middleware, Next } from 'koa'
import { authorizeRoute } from './authorize-route.js'
import { callbackRoute } from './callback-route.js'
import { answerConfigError, koaConfigError } from './config-failure.js'
import { logAppAuthEvents } from './event-log.js'
import { extendContext } from './extend-context.js'
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
 * AlipayConfigError names the bad one); then every request gets the AppAuth as
 * `ctx.state[stateKey]` (default `ctx.state.alipayAuth`), the routes under the prefix (and the
 * QR code's link and status) are answered, and everything else goes on to `next()`. Given the
 * app, as koa-session is, it also puts the AppAuth on the app's context once, here:
 * `ctx[stateKey]` in every middleware.
 */
export function alipayAuth(
  options: AlipayAuthOptions,
  app?: Pick<Koa, 'context'>,
): AlipayAuthMiddleware {
  const config = resolveOptions(options)
  const { appAuth, stateKey } = config
  if (app !== undefined) extendContext(app, stateKey, appAuth)
  const stopLogging = config.logEvents ? logAppAuthEvents(config.appAuth, config.logger) : () => {}
  const routes = new Map<string, { name: string; handle: Route }>()
  for (const [name, path] of Object.entries(config.paths)) {
    const route = name as keyof typeof routeHandlers
    routes.set(`${routeMethods[route]} ${path}`, { name, handle: routeHandlers[route] })
  }

  async function alipayAuthMiddleware(ctx: Context, next: Next): Promise<void> {
    // Koa has no ready hook: the first request starts the AppAuth (a no-op from then on).
    appAuth.start()
    const state = ctx.state as Record<string, unknown>
    if (state[stateKey] !== undefined && state[stateKey] !== appAuth) {
      return answerConfigError(
        ctx,
        koaConfigError(
          `two middlewares put their AppAuth at ctx.state.${stateKey}. Give each its own option "stateKey", e.g. { stateKey: 'miniAppAuth' }.`,
        ),
      )
    }
    state[stateKey] = appAuth
    const route = routes.get(`${ctx.method} ${ctx.path}`) ?? qrLink(ctx)
    if (route === undefined) return next()
    try {
      await route.handle(ctx, config)
    } catch (error) {
      if (error instanceof AlipayConfigError) return answerConfigError(ctx, error)
      // Anything that is neither the visitor's, Alipay's nor the store's doing (a bug, a throwing
      // onAuthorized) goes on to the app's error handling, and Koa's.
      const answered = routeErrorFor(error, { authorizePath: config.paths.authorize })
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
      config.refusals.close()
      if (config.ownsAppAuth) await config.appAuth.close()
    })()
    return closing
  }
  return Object.assign(alipayAuthMiddleware, { appAuth: config.appAuth, close })
}
