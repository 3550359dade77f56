import {
  prefersJson,
  qrAuthorizationBody,
  qrStatusBody,
  renderQrLinkEndedPage,
  renderQrPage,
  routeError,
} from '@alipay-isv/core/adapter'
import type { Context } from 'koa'
import type { AlipayAuthConfig } from './resolve-options.js'
import { stateCookie } from './state-cookie.js'

/**
 * `GET <prefix>/authorize/qr`: starts an authorization on the phone. The page (or, for
 * `Accept: application/json`, the JSON) carries the QR code of the link and the status URL.
 */
export async function qrStartRoute(ctx: Context, config: AlipayAuthConfig): Promise<void> {
  // First: without a way to sign the cookie this fails before a state is stored.
  const cookie = stateCookie(ctx, config)
  const qr = await config.appAuth.startQrAuthorization({
    path: config.paths.qr ?? '',
    browserBindings: cookie.read(),
    context: await config.context?.(ctx),
  })
  cookie.set(qr.browserBinding)
  ctx.set('cache-control', 'no-store')
  if (prefersJson(ctx.get('accept'))) {
    ctx.body = qrAuthorizationBody(qr)
    return
  }
  ctx.type = 'text/html'
  ctx.body = renderQrPage({ ...qr, continueUrl: config.successRedirect })
}

/** The link of the QR code (`/<state>`) or its status (`/<state>/status`), when `path` is one. */
export function qrLinkRoute(
  path: string,
  qrPath: string | undefined,
): ((ctx: Context, config: AlipayAuthConfig) => Promise<void>) | undefined {
  if (qrPath === undefined || !path.startsWith(`${qrPath}/`)) return undefined
  const [state = '', status, ...rest] = path.slice(qrPath.length + 1).split('/')
  if (rest.length > 0 || (status !== undefined && status !== 'status')) return undefined
  const decoded = safeDecode(state)
  return status === undefined
    ? (ctx, config) => openQrLink(ctx, config, decoded)
    : (ctx, config) => answerQrStatus(ctx, config, decoded)
}

/** Leads to Alipay's consent page while the authorization is pending; opened any number of times. */
async function openQrLink(ctx: Context, config: AlipayAuthConfig, state: string): Promise<void> {
  const consentUrl = await config.appAuth.qrConsentUrl(state)
  if (consentUrl === undefined) {
    ctx.status = 410
    ctx.type = 'text/html'
    ctx.body = renderQrLinkEndedPage()
    return
  }
  ctx.set('cache-control', 'no-store')
  ctx.redirect(consentUrl)
}

/** Only for the browser that started it; any other gets 404. */
async function answerQrStatus(ctx: Context, config: AlipayAuthConfig, state: string) {
  const status = await config.appAuth.qrStatus(state, stateCookie(ctx, config).read())
  ctx.set('cache-control', 'no-store')
  if (status === undefined) throw routeError('ALIPAY_QR_NOT_FOUND')
  ctx.body = qrStatusBody(status)
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return ''
  }
}
