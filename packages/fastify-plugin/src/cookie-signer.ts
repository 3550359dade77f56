import { AlipayConfigError } from '@alipay-isv/core'
import type { CookieSigner } from '@alipay-isv/core/adapter'
import type { FastifyInstance } from 'fastify'

/** What @fastify/cookie decorates when it is registered with a `secret`. */
interface FastifyCookieSigning {
  signCookie(value: string): string
  unsignCookie(value: string): { valid: boolean; value: string | null }
}

/**
 * The signer of `cookieSecret` when it was given; otherwise the signer of @fastify/cookie
 * registered (with a secret) before this plugin; otherwise a configuration error, because an
 * unsigned browser binding would let anyone complete someone else's authorization
 * (docs/protocol.md §1, docs/architecture.md "State").
 */
export function resolveCookieSigner(
  fastify: FastifyInstance,
  cookieSecretSigner: CookieSigner | undefined,
): CookieSigner {
  if (cookieSecretSigner !== undefined) return cookieSecretSigner
  const cookiePlugin = fastify as FastifyInstance & Partial<FastifyCookieSigning>
  const { signCookie, unsignCookie } = cookiePlugin
  if (typeof signCookie === 'function' && typeof unsignCookie === 'function') {
    return {
      sign: (value) => signCookie.call(cookiePlugin, value),
      unsign: (signed) => {
        if (signed === undefined) return undefined
        const result = unsignCookie.call(cookiePlugin, signed)
        return result.valid && result.value !== null ? result.value : undefined
      },
    }
  }
  throw new AlipayConfigError(
    '@alipay-isv/fastify: option "cookieSecret" is required (a string of at least 32 characters that signs the state cookie), unless @fastify/cookie is registered with a secret before this plugin.',
  )
}
