import type { AppAuth, AppAuthOptions } from '@alipay-isv/core'
import type { AdapterOptions, AdapterRoutes } from '@alipay-isv/core/adapter'
import type { FastifyRequest } from 'fastify'

/** Where each route lives under `prefix`; `false` switches it off. */
export type AlipayAuthRoutes = AdapterRoutes

/**
 * The options every adapter shares (checked by @alipay-isv/core, with the same messages in
 * every adapter). Left out, `cookieSecret` falls back to @fastify/cookie registered with a
 * secret before this plugin. Events are logged through `fastify.log`, child-bound to
 * `plugin: '@alipay-isv/fastify'`.
 */
export type AlipayAuthAdapterOptions = AdapterOptions<FastifyRequest>

/** Every AppAuth option (the plugin builds the instance and closes it), or your own instance. */
export type AlipayAuthOptions = AlipayAuthAdapterOptions &
  ((AppAuthOptions & { appAuth?: never }) | { appAuth: AppAuth })
