import { AlipayConfigError, RedirectUriInvalidError } from '@alipay-isv/core'
import type { Context } from 'koa'
import type { AlipayAuthConfig } from './resolve-options.js'
import { requireCookieKeys, setStateCookie } from './state-cookie.js'

/**
 * `GET <prefix>/authorize[?redirect_uri=…]`: a fresh state, its browser binding in the signed
 * cookie, and a 302 to Alipay's consent page.
 */
export async function authorizeRoute(ctx: Context, config: AlipayAuthConfig): Promise<void> {
  // Before the state is created, so a missing app.keys leaves nothing behind in the store.
  requireCookieKeys(ctx, config)
  const redirectUri = ctx.query.redirect_uri
  const { url, browserBinding } = await config.appAuth
    .authorizeUrl(typeof redirectUri === 'string' ? { redirectUri } : undefined)
    .catch((error: unknown) => {
      // Core refuses a redirectUri that is not an http(s) URL: here the visitor chose it, so it
      // is a 400, not the server's misconfiguration.
      throw error instanceof AlipayConfigError ? new RedirectUriInvalidError() : error
    })
  setStateCookie(ctx, config, browserBinding)
  config.logger.info('alipay-auth: authorize: sent the browser to the Alipay consent page')
  ctx.redirect(url)
}
