import type { MerchantToken } from '@alipay-isv/core'
import { completeCallback } from '@alipay-isv/core/adapter'
import type { Context } from 'koa'
import type { AlipayAuthConfig } from './resolve-options.js'
import { stateCookie } from './state-cookie.js'

/**
 * `GET <prefix>/callback`: Alipay sends the browser back here. Core checks the state against the
 * cookie and exchanges the code; this route answers the browser. A refused callback is thrown as
 * its AlipayRouteError, which the middleware answers.
 */
export async function callbackRoute(ctx: Context, config: AlipayAuthConfig): Promise<void> {
  const { merchants, repeated, answer } = await completeCallback(
    config.appAuth,
    ctx.query,
    stateCookie(ctx, config).read(),
    {
      invites: config.invites,
      authorizePath: config.paths.authorize,
      successRedirect: config.successRedirect,
    },
  )
  if (repeated) {
    // A double click on the same browser: the first request did the work, show its result.
    config.logger.info(`alipay-auth: callback: duplicate of ${describe(merchants)}`)
  } else {
    await config.onAuthorized?.(merchants, ctx)
    config.logger.info(`alipay-auth: callback: authorized ${describe(merchants)}`)
  }
  if ('redirect' in answer) return ctx.redirect(answer.redirect)
  ctx.type = 'text/html'
  ctx.body = answer.html
}

function describe(merchants: MerchantToken[]): string {
  const ids = merchants.map((merchant) => `${merchant.authAppId} (user ${merchant.userId})`)
  return `merchant apps ${ids.join(', ')}`
}
