import { completeCallback, type ResolvedAdapterOptions } from '@alipay-isv/core/adapter'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { registerQrRoutes } from './qr-routes.js'
import { type StateCookieSettings, stateCookie } from './state-cookie.js'

/** The plugin's resolved options, and the state cookie they configure. */
export interface RouteConfig extends ResolvedAdapterOptions<FastifyRequest> {
  cookie: StateCookieSettings
  /** The authorize route's full path (the scope's prefix included), where a visitor starts again. */
  authorizePath: string | undefined
}

/** The routes of docs/architecture.md "Adapters", registered inside the plugin's prefixed scope. */
export function registerRoutes(scope: FastifyInstance, config: RouteConfig): void {
  const { appAuth, cookie, routes: paths } = config

  if (paths.authorize) {
    // The redirect URI is always the configured one: a visitor's ?redirect_uri= is ignored.
    scope.get(paths.authorize, async (request, reply) => {
      const state = stateCookie(request, reply, cookie)
      const { url, browserBinding } = await appAuth.authorizeUrl({
        browserBindings: state.read(),
        context: await config.context?.(request),
      })
      state.set(browserBinding)
      request.log.info(
        { appId: appAuth.appId },
        'alipay authorize: redirecting to the consent page',
      )
      return reply.redirect(url, 302)
    })
  }

  if (paths.qr) registerQrRoutes(scope, config, paths.qr)

  if (paths.callback) {
    const { authorizePath } = config
    scope.get(paths.callback, async (request, reply) => {
      const query = request.query as Record<string, string | string[] | undefined>
      const { merchants, repeated, answer } = await completeCallback(
        appAuth,
        query,
        stateCookie(request, reply, cookie).read(),
        { invites: config.invites, authorizePath, successRedirect: config.successRedirect },
      )
      request.log.info(
        { authAppIds: merchants.map((merchant) => merchant.authAppId), repeated },
        `alipay callback: authorized ${merchants.length} merchant app(s)`,
      )
      if (!repeated) await config.onAuthorized?.(merchants, request)
      if ('redirect' in answer) return reply.redirect(answer.redirect, 302)
      return reply.type('text/html; charset=utf-8').send(answer.html)
    })
  }

  if (paths.notify) {
    scope.post(paths.notify, async (request: FastifyRequest, reply) => {
      // No line of its own: the notificationReceived / notificationRejected event is the log line.
      const outcome = await appAuth.handleNotify(
        typeof request.body === 'string' ? request.body : '',
      )
      return reply
        .code(outcome.ok ? 200 : 400)
        .type('text/plain; charset=utf-8')
        .send(outcome.body)
    })
  }
}
