import { STATUS_CODES } from 'node:http'
import { AlipayError, type AppAuth } from '@alipay-isv/core'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { pluginAppAuth } from './app-auth-instance.js'
import { resolveCookieSigner } from './cookie-signer.js'
import { loggableFields, toReplyError } from './error-mapping.js'
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
  const { appAuth, stateTtlMs, close } = pluginAppAuth(options)
  fastify.decorate('alipayAuth', appAuth)
  if (close) fastify.addHook('onClose', close)

  const paths = {
    authorize: routePath(options.routes?.authorize, '/authorize'),
    callback: routePath(options.routes?.callback, '/callback'),
    notify: routePath(options.routes?.notify, '/notify'),
  }
  // A child scope: the prefix, the form parser and the error handler apply to these routes only.
  await fastify.register(
    async (scope) => {
      const startAgainAt = paths.authorize ? `${scope.prefix}${paths.authorize}` : 'the start page'
      if (scope.hasContentTypeParser(formContentType))
        scope.removeContentTypeParser(formContentType)
      scope.addContentTypeParser(
        formContentType,
        { parseAs: 'string', bodyLimit: notifyBodyLimit },
        (_request, body, done) => done(null, body),
      )
      scope.setErrorHandler((error, request, reply) => {
        // Anything that is not the flow's (a throwing onAuthorized, a body too large) is the app's.
        const replyError =
          error instanceof AlipayError ? toReplyError(error, startAgainAt) : undefined
        if (!replyError?.statusCode) throw error
        request.log.warn(
          { code: replyError.code, ...loggableFields(error as AlipayError) },
          `alipay ${request.routeOptions.url}: ${replyError.code}`,
        )
        return reply.code(replyError.statusCode).send({
          statusCode: replyError.statusCode,
          code: replyError.code,
          error: STATUS_CODES[replyError.statusCode],
          message: replyError.message,
        })
      })
      registerRoutes(scope, {
        appAuth,
        cookie: new StateCookie({
          name: options.cookieName ?? 'alipay_auth_state',
          path: scope.prefix || '/',
          maxAgeSeconds: Math.floor(stateTtlMs / 1000),
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

export default fp(alipayAuth, { fastify: '5.x', name: '@alipay-isv/fastify' })
