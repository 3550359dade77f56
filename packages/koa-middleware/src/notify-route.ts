import type { Context } from 'koa'
import { readNotifyBody } from './raw-body.js'
import type { AlipayAuthConfig } from './resolve-options.js'

/**
 * `POST <prefix>/notify`: Alipay's authorization and cancellation messages. Alipay reads the
 * plain-text answer: `success` stops its retries, anything else makes it retry (docs/protocol.md
 * §7).
 */
export async function notifyRoute(ctx: Context, config: AlipayAuthConfig): Promise<void> {
  // No line of its own: the notificationReceived / notificationRejected event is the log line.
  const outcome = await config.appAuth.handleNotify(await readNotifyBody(ctx))
  ctx.status = outcome.ok ? 200 : 400
  ctx.type = 'text/plain'
  ctx.body = outcome.body
}
