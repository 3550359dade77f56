import { AlipayConfigError, AppAuth } from '@alipay-isv/core'
import type { AlipayAuthPluginOptions } from './options.js'

/**
 * The caller's AppAuth, or one built from the AppAuth options (which validates them). `built`
 * says the plugin made it, so the plugin closes it when Fastify closes.
 */
export function pluginAppAuth(options: AlipayAuthPluginOptions): {
  appAuth: AppAuth
  built: boolean
} {
  if ('appAuth' in options) {
    if (!(options.appAuth instanceof AppAuth)) {
      throw new AlipayConfigError(
        '@alipay-isv/fastify: option "appAuth" must be an AppAuth instance from @alipay-isv/core (or leave it out and pass the AppAuth options).',
      )
    }
    return { appAuth: options.appAuth, built: false }
  }
  const {
    prefix: _prefix,
    routes: _routes,
    onAuthorized: _onAuthorized,
    successRedirect: _successRedirect,
    cookieName: _cookieName,
    cookieSecret: _cookieSecret,
    logEvents: _logEvents,
    ...appAuthOptions
  } = options
  return { appAuth: new AppAuth(appAuthOptions), built: true }
}
