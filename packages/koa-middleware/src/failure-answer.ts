import {
  acceptsHtml,
  type CallbackFailure,
  callbackRouteError,
  renderCallbackFailurePage,
} from '@alipay-isv/core/adapter'
import type { Context } from 'koa'
import type { AlipayAuthConfig } from './resolve-options.js'

/**
 * Answers a failure core described (a refused callback, a store down on any route): one log line
 * (a few per minute and code, then a count), then core's HTML page when the request accepts
 * `text/html`; otherwise its AlipayRouteError (status, message, a stable `code`, `expose: true`)
 * is thrown for the app's error handling.
 */
export function answerFailure(
  ctx: Context,
  config: AlipayAuthConfig,
  route: string,
  failure: CallbackFailure,
): void {
  if (config.refusals.admit(failure.code)) {
    const details = Object.entries(failure.logFields).map(
      ([name, value]) => `${name}=${/[\s"=]/.test(value) ? JSON.stringify(value) : value}`,
    )
    const line = `alipay-auth: ${route}: ${failure.code} ${details.join(' ')}`
    if (failure.code === 'ALIPAY_STORE_UNAVAILABLE' && config.logger.error)
      config.logger.error(line)
    else config.logger.warn(line)
  }
  const routeError = callbackRouteError(failure)
  // Alipay sends the merchant's browser to the callback: a person reads this answer.
  if (!acceptsHtml(ctx.get('accept'))) throw routeError
  if (routeError.headers) ctx.set(routeError.headers)
  ctx.status = failure.status
  ctx.type = 'text/html'
  ctx.body = renderCallbackFailurePage(failure, { showDetail: config.errorDetail })
}
