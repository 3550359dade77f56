import type { AppAuth } from '@alipay-isv/core'
import {
  acceptsHtml,
  callbackRouteError,
  describeCallbackFailure,
  NotifyTooLargeError,
  notifyBodyLimit,
  renderCallbackFailurePage,
  resolveAdapterOptions,
  routeErrorBody,
} from '@alipay-isv/core/adapter'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { resolveCookieSigner } from './cookie-signer.js'
import { forwardEventsToLog } from './event-logging.js'
import type { AlipayAuthOptions } from './options.js'
import { registerRoutes } from './routes.js'
import { StateCookie } from './state-cookie.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The AppAuth of @alipay-isv/fastify: `await app.alipayAuth.getToken(authAppId)`. */
    alipayAuth: AppAuth
  }
}

const pluginName = '@alipay-isv/fastify'
const formContentType = 'application/x-www-form-urlencoded'

/**
 * Registers GET authorize, GET authorize/qr (with its link and status), GET callback and POST
 * notify under `prefix` and decorates the instance with `alipayAuth`. Options are checked here,
 * so `ready()` rejects on a bad one.
 */
export async function alipayAuth(
  fastify: FastifyInstance,
  options: AlipayAuthOptions,
): Promise<void> {
  const config = resolveAdapterOptions<FastifyRequest>(pluginName, options)
  const signer = resolveCookieSigner(fastify, config.cookieSigner)
  const { appAuth, routes: paths } = config
  fastify.decorate('alipayAuth', appAuth)
  if (config.logEvents) {
    const stopLogging = forwardEventsToLog(appAuth, fastify.log.child({ plugin: pluginName }))
    fastify.addHook('onClose', async () => stopLogging())
  }
  if (config.ownsAppAuth) fastify.addHook('onClose', () => appAuth.close())

  // A child scope: the prefix, the form parser and the error handler apply to these routes only.
  await fastify.register(
    async (scope) => {
      const authorizePath = paths.authorize && `${scope.prefix}${paths.authorize}`
      const notifyPath = paths.notify && `${scope.prefix}${paths.notify}`
      if (scope.hasContentTypeParser(formContentType))
        scope.removeContentTypeParser(formContentType)
      scope.addContentTypeParser(
        formContentType,
        { parseAs: 'string', bodyLimit: notifyBodyLimit },
        (_request, body, done) => done(null, body),
      )
      scope.setErrorHandler((error, request, reply) => {
        if (isNotifyTooLarge(error, request.url, notifyPath)) throw new NotifyTooLargeError()
        // Anything core does not call the visitor's or Alipay's doing (a store failure, a throwing
        // onAuthorized) is the app's.
        const failure = describeCallbackFailure(error, { authorizePath })
        if (failure === undefined) throw error
        const replyError = callbackRouteError(failure)
        const statusCode = failure.status
        request.log.warn(
          // Never the message of a core error in the log: it may quote Alipay's answer.
          { code: replyError.code, ...failure.logFields },
          `alipay ${request.routeOptions.url}: ${replyError.code}`,
        )
        if (replyError.headers) reply.headers(replyError.headers)
        // Alipay sends the merchant's browser here: a person reads this answer, not a program.
        if (acceptsHtml(request.headers.accept)) {
          return reply
            .code(statusCode)
            .type('text/html; charset=utf-8')
            .send(renderCallbackFailurePage(failure, { showDetail: config.errorDetail }))
        }
        return reply.code(statusCode).send(routeErrorBody(replyError))
      })
      registerRoutes(scope, {
        ...config,
        cookie: new StateCookie({
          name: config.cookieName,
          path: scope.prefix || '/',
          maxAgeSeconds: Math.floor(appAuth.stateTtlMs / 1000),
          signer,
        }),
      })
    },
    { prefix: config.prefix },
  )
}

export default fp(alipayAuth, { fastify: '5.x', name: pluginName })

/** Fastify's own 413 for a notification above the limit, answered with the shared code. */
function isNotifyTooLarge(error: unknown, url: string, notifyPath: string | undefined): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'FST_ERR_CTP_BODY_TOO_LARGE' && url.split('?')[0] === notifyPath
}
