import { STATUS_CODES } from 'node:http'
import { type AppAuth, acceptsHtml, renderCallbackFailurePage } from '@alipay-isv/core'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { pluginAppAuth } from './app-auth-instance.js'
import { resolveCookieSigner } from './cookie-signer.js'
import { toReplyError } from './error-mapping.js'
import { forwardEventsToLog } from './event-logging.js'
import type { AlipayAuthPluginOptions } from './options.js'
import { registerRoutes } from './routes.js'
import { StateCookie } from './state-cookie.js'
import { validateRouteOptions } from './validate-options.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The AppAuth of @alipay-isv/fastify: `await app.alipayAuth.getToken(authAppId)`. */
    alipayAuth: AppAuth
  }
}

const pluginName = '@alipay-isv/fastify'
const formContentType = 'application/x-www-form-urlencoded'
/** Alipay's notifications are a few kilobytes; anything much larger is not one. */
const notifyBodyLimit = 64 * 1024

/**
 * Registers GET authorize, GET callback and POST notify under `prefix` and decorates the
 * instance with `alipayAuth`. Options are checked here, so `ready()` rejects on a bad one.
 */
export async function alipayAuth(
  fastify: FastifyInstance,
  options: AlipayAuthPluginOptions,
): Promise<void> {
  validateRouteOptions(options)
  const signer = resolveCookieSigner(fastify, options.cookieSecret)
  const { appAuth, built } = pluginAppAuth(options)
  fastify.decorate('alipayAuth', appAuth)
  if (options.logEvents !== false) {
    const stopLogging = forwardEventsToLog(appAuth, fastify.log.child({ plugin: pluginName }))
    fastify.addHook('onClose', async () => stopLogging())
  }
  if (built) fastify.addHook('onClose', () => appAuth.close())

  const paths = {
    authorize: routePath(options.routes?.authorize, '/authorize'),
    callback: routePath(options.routes?.callback, '/callback'),
    notify: routePath(options.routes?.notify, '/notify'),
  }
  // A child scope: the prefix, the form parser and the error handler apply to these routes only.
  await fastify.register(
    async (scope) => {
      const authorizePath = paths.authorize && `${scope.prefix}${paths.authorize}`
      if (scope.hasContentTypeParser(formContentType))
        scope.removeContentTypeParser(formContentType)
      scope.addContentTypeParser(
        formContentType,
        { parseAs: 'string', bodyLimit: notifyBodyLimit },
        (_request, body, done) => done(null, body),
      )
      scope.setErrorHandler((error, request, reply) => {
        // Anything that is not the flow's (a throwing onAuthorized, a body too large) is the app's.
        const mapped = toReplyError(error, authorizePath)
        if (mapped === undefined) throw error
        const { replyError, statusCode, logFields, failure } = mapped
        request.log.warn(
          { code: replyError.code, ...logFields },
          `alipay ${request.routeOptions.url}: ${replyError.code}`,
        )
        // Alipay sends the merchant's browser here: a person reads this answer, not a program.
        if (acceptsHtml(request.headers.accept)) {
          return reply
            .code(statusCode)
            .type('text/html; charset=utf-8')
            .send(renderCallbackFailurePage(failure))
        }
        return reply.code(statusCode).send({
          statusCode,
          code: replyError.code,
          error: STATUS_CODES[statusCode],
          message: replyError.message,
        })
      })
      registerRoutes(scope, {
        appAuth,
        cookie: new StateCookie({
          name: options.cookieName ?? 'alipay_auth_state',
          path: scope.prefix || '/',
          maxAgeSeconds: Math.floor(appAuth.stateTtlMs / 1000),
          signer,
        }),
        paths,
        onAuthorized: options.onAuthorized,
        successRedirect: options.successRedirect,
      })
    },
    { prefix: options.prefix ?? '/alipay' },
  )
}

/** `false` switches a route off (undefined), a path moves it, nothing keeps the default. */
function routePath(path: string | false | undefined, defaultPath: string): string | undefined {
  return path === false ? undefined : (path ?? defaultPath)
}

export default fp(alipayAuth, { fastify: '5.x', name: pluginName })
