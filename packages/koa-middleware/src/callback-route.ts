import { AlipayDuplicateCallbackError, type MerchantToken } from '@alipay-isv/core'
import {
  acceptsHtml,
  callbackRouteError,
  callbackSuccessAnswer,
  describeCallbackFailure,
  renderCallbackFailurePage,
} from '@alipay-isv/core/adapter'
import type { Context } from 'koa'
import type { AlipayAuthConfig } from './resolve-options.js'
import { stateCookie } from './state-cookie.js'

/**
 * `GET <prefix>/callback`: Alipay sends the browser back here. Core checks the state against the
 * cookie and exchanges the code; this route answers the browser. A failure is answered as core's
 * HTML page when the request accepts `text/html`; otherwise its AlipayRouteError (status, message,
 * a stable `code`, `expose: true`) is thrown for the app's error handling.
 */
export async function callbackRoute(ctx: Context, config: AlipayAuthConfig): Promise<void> {
  const browserBindings = stateCookie(ctx, config).read()
  let merchants: MerchantToken[]
  try {
    const { invites } = config
    ;({ merchants } = await config.appAuth.handleCallback(ctx.query, browserBindings, { invites }))
  } catch (error) {
    // A double click on the same browser: the first request did the work, show its result.
    if (error instanceof AlipayDuplicateCallbackError && error.merchants) {
      config.logger.info(`alipay-auth: callback: duplicate of ${describe(error.merchants)}`)
      return answerSuccess(ctx, config, error.merchants)
    }
    const failure = describeCallbackFailure(error, { authorizePath: config.paths.authorize })
    if (failure === undefined) throw error
    const details = Object.entries(failure.logFields).map(([name, value]) => `${name}=${value}`)
    config.logger.warn(`alipay-auth: callback: ${failure.code} ${details.join(' ')}`)
    const routeError = callbackRouteError(failure)
    // Alipay sends the merchant's browser here: a person reads this answer, not a program.
    if (acceptsHtml(ctx.get('accept'))) {
      if (routeError.headers) ctx.set(routeError.headers)
      ctx.status = failure.status
      ctx.type = 'text/html'
      ctx.body = renderCallbackFailurePage(failure, { showDetail: config.errorDetail })
      return
    }
    throw routeError
  }
  await config.onAuthorized?.(merchants, ctx)
  config.logger.info(`alipay-auth: callback: authorized ${describe(merchants)}`)
  answerSuccess(ctx, config, merchants)
}

function answerSuccess(ctx: Context, config: AlipayAuthConfig, merchants: MerchantToken[]) {
  const answer = callbackSuccessAnswer(merchants, config.successRedirect)
  if ('redirect' in answer) return ctx.redirect(answer.redirect)
  ctx.type = 'text/html'
  ctx.body = answer.html
}

function describe(merchants: MerchantToken[]): string {
  const ids = merchants.map((merchant) => `${merchant.authAppId} (user ${merchant.userId})`)
  return `merchant apps ${ids.join(', ')}`
}
