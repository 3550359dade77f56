import type { Context } from 'koa'
import { readNotifyBody } from './raw-body.js'
import type { AlipayAuthConfig } from './resolve-options.js'

/**
 * `POST <prefix>/notify`: Alipay's authorization and cancellation messages. Alipay reads the
 * plain-text answer: `success` stops its retries, anything else makes it retry (SPEC §7).
 */
export async function notifyRoute(ctx: Context, config: AlipayAuthConfig): Promise<void> {
  const outcome = await config.appAuth.handleNotify(await readNotifyBody(ctx))
  if (outcome.ok) {
    const merchant = outcome.authAppId ? ` for merchant app ${outcome.authAppId}` : ''
    config.logger.info(`alipay-auth: notify: ${outcome.kind}${merchant}`)
  } else {
    config.logger.warn(`alipay-auth: notify: rejected (${outcome.reason})`)
  }
  ctx.status = outcome.ok ? 200 : 400
  ctx.type = 'text/plain'
  ctx.body = outcome.body
}
