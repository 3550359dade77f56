import {
  prefersJson,
  qrAuthorizationBody,
  qrStatusBody,
  renderQrLinkEndedPage,
  renderQrPage,
  routeError,
} from '@alipay-isv/core/adapter'
import type { FastifyInstance } from 'fastify'
import type { RouteConfig } from './routes.js'
import { stateCookie } from './state-cookie.js'

const html = 'text/html; charset=utf-8'

/**
 * Path 2, "on the phone", at `qrPath` (default `/authorize/qr`): the desktop's page (or JSON),
 * the link its QR code encodes (`/<state>`) and the starter's status (`/<state>/status`).
 */
export function registerQrRoutes(
  scope: FastifyInstance,
  config: RouteConfig,
  qrPath: string,
): void {
  const { appAuth, cookie } = config

  scope.get(qrPath, async (request, reply) => {
    const state = stateCookie(request, reply, cookie)
    const qr = await appAuth.startQrAuthorization({
      path: `${scope.prefix}${qrPath}`,
      browserBindings: state.read(),
      context: await config.context?.(request),
    })
    state.set(qr.browserBinding)
    reply.header('cache-control', 'no-store')
    if (prefersJson(request.headers.accept)) return qrAuthorizationBody(qr)
    return reply.type(html).send(renderQrPage({ ...qr, continueUrl: config.successRedirect }))
  })

  scope.get<{ Params: { state: string } }>(`${qrPath}/:state`, async (request, reply) => {
    const consentUrl = await appAuth.qrConsentUrl(request.params.state)
    if (consentUrl === undefined) return reply.code(410).type(html).send(renderQrLinkEndedPage())
    return reply.header('cache-control', 'no-store').redirect(consentUrl, 302)
  })

  scope.get<{ Params: { state: string } }>(`${qrPath}/:state/status`, async (request, reply) => {
    const bindings = stateCookie(request, reply, cookie).read()
    const status = await appAuth.qrStatus(request.params.state, bindings)
    reply.header('cache-control', 'no-store')
    if (status === undefined) throw routeError('ALIPAY_QR_NOT_FOUND')
    return qrStatusBody(status)
  })
}
