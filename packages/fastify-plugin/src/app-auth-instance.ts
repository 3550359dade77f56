import { AlipayConfigError, AppAuth } from '@alipay-isv/core'
import type { AlipayAuthPluginOptions } from './options.js'

const defaultStateTtlMs = 10 * 60_000

export interface PluginAppAuth {
  appAuth: AppAuth
  /** Cookie lifetime: as long as the state it binds. */
  stateTtlMs: number
  /** Set when the plugin built the instance: it closes what it built on Fastify's onClose. */
  close?: () => Promise<void>
}

/** The caller's AppAuth, or one built from the AppAuth options (which validates them). */
export function pluginAppAuth(options: AlipayAuthPluginOptions): PluginAppAuth {
  if ('appAuth' in options) {
    if (!(options.appAuth instanceof AppAuth)) {
      throw new AlipayConfigError(
        '@alipay-isv/fastify: option "appAuth" must be an AppAuth instance from @alipay-isv/core (or leave it out and pass the AppAuth options).',
      )
    }
    return { appAuth: options.appAuth, stateTtlMs: defaultStateTtlMs }
  }
  const {
    prefix: _prefix,
    routes: _routes,
    onAuthorized: _onAuthorized,
    successRedirect: _successRedirect,
    cookieName: _cookieName,
    cookieSecret: _cookieSecret,
    ...appAuthOptions
  } = options
  const appAuth = new AppAuth(appAuthOptions)
  const stores = new Set([options.store, options.tokenStore, options.stateStore])
  return {
    appAuth,
    stateTtlMs: options.stateTtlMs ?? defaultStateTtlMs,
    close: async () => {
      for (const store of stores) await store?.close?.()
    },
  }
}
