import type { AppAuth, AppAuthOptions } from '@alipay-isv/core'
import type { AdapterOptions, AdapterRoutes } from '@alipay-isv/core/adapter'
import type { FastifyRequest } from 'fastify'

/** Where each route lives under `prefix`; `false` switches it off. */
export type AlipayAuthRoutes = AdapterRoutes

/**
 * The options every adapter shares (checked by @alipay-isv/core, with the same messages in
 * every adapter). Left out, `cookieSecret` falls back to @fastify/cookie registered with a
 * secret before this plugin. Events are logged through `fastify.log`, child-bound to
 * `plugin: '@alipay-isv/fastify'` and the ISV app's `appId`.
 */
export interface AlipayAuthAdapterOptions extends AdapterOptions<FastifyRequest> {
  /**
   * The name the AppAuth is decorated as: `app.alipayAuth` by default. Give each registration
   * its own to serve several ISV apps from one server (see the README's "Several apps").
   */
  decorator?: string
}

/** Every AppAuth option (the plugin builds the instance and closes it), or your own instance. */
export type AlipayAuthOptions = AlipayAuthAdapterOptions &
  ((AppAuthOptions & { appAuth?: never }) | { appAuth: AppAuth })
