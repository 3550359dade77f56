import type { Context } from 'koa'
import type { AlipayAuthConfig } from './resolve-options.js'
import { stateCookie } from './state-cookie.js'

/**
 * `GET <prefix>/authorize`: a state bound to the browser (its cookie, set or renewed) and to the
 * app's `context`, and a 302 to Alipay's consent page. The redirect URI is always the configured
 * one: a visitor's `?redirect_uri=` is ignored.
 */
export async function authorizeRoute(ctx: Context, config: AlipayAuthConfig): Promise<void> {
  // First: without a way to sign the cookie this fails before a state is stored.
  const cookie = stateCookie(ctx, config)
  const { url, browserBinding } = await config.appAuth.authorizeUrl({
    browserBindings: cookie.read(),
    context: await config.context?.(ctx),
  })
  cookie.set(browserBinding)
  config.logger.info('alipay-auth: authorize: sent the browser to the Alipay consent page')
  ctx.redirect(url)
}
