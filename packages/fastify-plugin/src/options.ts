import type { AppAuth, AppAuthOptions, MerchantToken } from '@alipay-isv/core'
import type { FastifyRequest } from 'fastify'

/** Where each route lives under `prefix`; `false` switches it off. */
export interface AlipayAuthRoutes {
  /** Default `/authorize`. */
  authorize?: string | false
  /** Default `/callback`. Must match the path of `redirectUri`. */
  callback?: string | false
  /** Default `/notify`. The URL to register as the app's notify URL with Alipay. */
  notify?: string | false
}

export interface AlipayAuthRouteOptions {
  /** Default `/alipay`. */
  prefix?: string
  routes?: AlipayAuthRoutes
  /** Called after a callback stored the merchants' tokens, before the browser is answered. */
  onAuthorized?: (merchants: MerchantToken[], request: FastifyRequest) => void | Promise<void>
  /** Where the callback redirects on success; without it a small page lists the merchant ids. */
  successRedirect?: string
  /** Default `alipay_auth_state`. */
  cookieName?: string
  /**
   * Signs the state cookie (HMAC-SHA256; at least 32 characters; the first of an array signs,
   * all verify, for rotation). May be left out when @fastify/cookie is registered with a secret
   * before this plugin: its signer is used then.
   */
  cookieSecret?: string | string[]
  /**
   * Log every AppAuth event (code exchanged, token refreshed, refresh failed, …) through
   * `fastify.log`, child-bound to `plugin: '@alipay-isv/fastify'`. Default true.
   */
  logEvents?: boolean
}

/** Every AppAuth option (the plugin builds the instance and closes it), or your own instance. */
export type AlipayAuthPluginOptions = AlipayAuthRouteOptions &
  (AppAuthOptions | { appAuth: AppAuth })
