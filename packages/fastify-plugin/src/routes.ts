import {
  AlipayConfigError,
  AlipayDuplicateCallbackError,
  type AppAuth,
  type MerchantToken,
  RedirectUriInvalidError,
  renderAuthorizedPage,
} from '@alipay-isv/core'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AlipayAuthRouteOptions } from './options.js'
import type { StateCookie } from './state-cookie.js'

export interface RouteContext {
  appAuth: AppAuth
  cookie: StateCookie
  paths: { authorize?: string; callback?: string; notify?: string }
  onAuthorized?: AlipayAuthRouteOptions['onAuthorized']
  successRedirect?: string
}

/**
 * The three routes of docs/architecture.md "Adapters", registered inside the plugin's prefixed
 * scope.
 */
export function registerRoutes(scope: FastifyInstance, context: RouteContext): void {
  const { appAuth, cookie, paths } = context

  if (paths.authorize) {
    scope.get<{ Querystring: { redirect_uri?: string | string[] } }>(
      paths.authorize,
      async (request, reply) => {
        // An array (the parameter given twice) is refused by core like any other non-URL.
        const redirectUri = request.query.redirect_uri
        const { url, browserBinding } = await appAuth
          .authorizeUrl(redirectUri ? { redirectUri: redirectUri as string } : {})
          .catch((error: unknown) => {
            // Core refuses a redirectUri that is not an http(s) URL: here the visitor chose it.
            throw error instanceof AlipayConfigError ? new RedirectUriInvalidError() : error
          })
        cookie.write(request, reply, browserBinding)
        request.log.info(
          { appId: appAuth.appId },
          'alipay authorize: redirecting to the consent page',
        )
        return reply.redirect(url, 302)
      },
    )
  }

  if (paths.callback) {
    scope.get(paths.callback, async (request, reply) => {
      const query = request.query as Record<string, string | string[] | undefined>
      const { merchants, repeated } = await completeCallback(appAuth, query, cookie.read(request))
      cookie.clear(request, reply)
      request.log.info(
        { authAppIds: merchants.map((merchant) => merchant.authAppId), repeated },
        `alipay callback: authorized ${merchants.length} merchant app(s)`,
      )
      if (!repeated) await context.onAuthorized?.(merchants, request)
      if (context.successRedirect) return reply.redirect(context.successRedirect, 302)
      return reply.type('text/html; charset=utf-8').send(renderAuthorizedPage(merchants))
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

/**
 * A double-clicked callback whose first exchange succeeded in this process carries the merchants:
 * the second click is shown the same success (without calling onAuthorized twice).
 */
async function completeCallback(
  appAuth: AppAuth,
  query: Record<string, string | string[] | undefined>,
  browserBinding: string | undefined,
): Promise<{ merchants: MerchantToken[]; repeated: boolean }> {
  try {
    return {
      merchants: (await appAuth.handleCallback(query, browserBinding)).merchants,
      repeated: false,
    }
  } catch (error) {
    if (error instanceof AlipayDuplicateCallbackError && error.merchants) {
      return { merchants: error.merchants, repeated: true }
    }
    throw error
  }
}
