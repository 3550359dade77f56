import type { AppAuth } from '@alipay-isv/core'
import {
  notifyBodyLimit,
  RefusalLog,
  routeError,
  routeErrorAnswer,
  routeErrorFor,
  routeErrorLevel,
  routeErrorLogFields,
} from '@alipay-isv/core/adapter'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { logAppAuthEvents } from './event-log.js'
import type { AlipayAuthOptions } from './options.js'
import { adapterName, resolveOptions } from './resolve-options.js'
import { registerRoutes } from './routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The AppAuth of @alipay-isv/fastify: `await app.alipayAuth.getToken(authAppId)`. */
    alipayAuth: AppAuth
  }
}

const formContentType = 'application/x-www-form-urlencoded'

/**
 * Registers GET authorize, GET authorize/qr (with its link and status), GET callback and POST
 * notify under `prefix` and decorates the instance with the AppAuth, as `decorator` (default
 * `alipayAuth`): once per ISV app, each with its own prefix. Options are checked here,
 * so `ready()` rejects on a bad one.
 */
export async function alipayAuth(
  fastify: FastifyInstance,
  options: AlipayAuthOptions,
): Promise<void> {
  const config = resolveOptions(fastify, options)
  const { appAuth, routes: paths, signer } = config
  fastify.decorate(config.decorator, appAuth)
  const log = fastify.log.child({ plugin: adapterName, appId: appAuth.appId })
  if (config.logEvents) {
    const stopLogging = logAppAuthEvents(appAuth, log)
    fastify.addHook('onClose', async () => stopLogging())
  }
  // A passed-in AppAuth is started too: start() is idempotent, and its owner may not have.
  fastify.addHook('onReady', async () => appAuth.start())
  if (config.ownsAppAuth) fastify.addHook('onClose', () => appAuth.close())
  // Anyone can send refused requests: a few lines per minute and code, then a count.
  const refusals = new RefusalLog((code, suppressed, sentence) =>
    log.warn({ code, suppressed }, `alipay: ${sentence}`),
  )
  fastify.addHook('onClose', async () => refusals.close())

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
        // Anything core does not call the visitor's, Alipay's or the store's doing (a bug, a
        // throwing onAuthorized) is the app's. A store down is 503 on every route, its details in
        // the log only.
        const answered = isNotifyTooLarge(error, request.url, notifyPath)
          ? routeError('ALIPAY_NOTIFY_TOO_LARGE')
          : routeErrorFor(error, { authorizePath })
        if (answered === undefined) throw error
        if (refusals.admit(answered.code)) {
          request.log[routeErrorLevel(answered)](
            // Never the message of a core error in the log: it may quote Alipay's answer.
            routeErrorLogFields(answered),
            `alipay ${request.routeOptions.url}: ${answered.code}`,
          )
        }
        const accept = request.headers.accept
        const showDetail = config.errorDetail
        const { status, headers, type, body } = routeErrorAnswer(answered, accept, { showDetail })
        return reply.code(status).headers(headers).type(type).send(body)
      })
      registerRoutes(scope, {
        ...config,
        authorizePath,
        cookie: {
          name: config.cookieName,
          path: scope.prefix || '/',
          maxAgeSeconds: Math.floor(appAuth.stateTtlMs / 1000),
          signer,
        },
      })
    },
    { prefix: config.prefix },
  )
}

export default fp(alipayAuth, { fastify: '5.x', name: adapterName })

/** Fastify's own 413 for a notification above the limit, answered with the shared code. */
function isNotifyTooLarge(error: unknown, url: string, notifyPath: string | undefined): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'FST_ERR_CTP_BODY_TOO_LARGE' && url.split('?')[0] === notifyPath
}
