import { AlipayConfigError } from '@alipay-isv/core'
import {
  type CookieSigner,
  type ResolvedAdapterOptions,
  resolveAccessorName,
  resolveAdapterOptions,
} from '@alipay-isv/core/adapter'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { resolveCookieSigner } from './cookie-signer.js'
import type { AlipayAuthOptions } from './options.js'

export const adapterName = '@alipay-isv/fastify'

/** The options, checked once when the plugin registers, with every default filled in. */
export interface AlipayAuthConfig extends ResolvedAdapterOptions<FastifyRequest> {
  /** The name the AppAuth is decorated as, not yet taken on this instance. */
  decorator: string
  signer: CookieSigner
}

export function resolveOptions(
  fastify: FastifyInstance,
  options: AlipayAuthOptions,
): AlipayAuthConfig {
  const decorator = resolveAccessorName(adapterName, 'decorator', options?.decorator)
  if (fastify.hasDecorator(decorator)) {
    throw new AlipayConfigError(
      `${adapterName}: app.${decorator} is already taken (is the plugin registered twice?). Give each registration its own option "decorator", e.g. { decorator: 'miniAppAuth', prefix: '/mini', cookieName: 'mini_auth_state' }.`,
    )
  }
  const shared = resolveAdapterOptions<FastifyRequest>(adapterName, options, ['decorator'])
  return { ...shared, decorator, signer: resolveCookieSigner(fastify, shared.cookieSigner) }
}
