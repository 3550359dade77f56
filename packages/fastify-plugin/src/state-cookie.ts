import { type CookieSigner, verifiedBindings } from '@alipay-isv/core/adapter'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { type CookieAttributes, serializeCookie } from './cookie-header.js'

export interface StateCookieSettings {
  name: string
  /** The prefix: the cookie goes back to the plugin's routes only. */
  path: string
  maxAgeSeconds: number
  signer: CookieSigner
}

/** The part of @fastify/cookie the plugin uses when it is registered. */
interface CookiePluginReply {
  setCookie?(name: string, value: string, options: Record<string, unknown>): unknown
}

/**
 * The browser's binding (docs/protocol.md §1), in a signed cookie that identifies the browser
 * across authorizations; written via @fastify/cookie when present.
 */
export interface StateCookie {
  /**
   * The binding of every cookie of this name whose signature verifies: read from the raw header,
   * since a planted cookie of the same name may come first (and @fastify/cookie keeps only that).
   */
  read(): string[]
  /** Sets (or renews) the cookie: it lives as long as the state just started. */
  set(browserBinding: string): void
}

/** The state cookie of this request. */
export function stateCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  settings: StateCookieSettings,
): StateCookie {
  return {
    read: () => verifiedBindings(request.headers.cookie, settings.name, settings.signer),
    set(browserBinding) {
      const value = settings.signer.sign(browserBinding)
      const attributes: CookieAttributes = {
        path: settings.path,
        maxAge: settings.maxAgeSeconds,
        secure: request.protocol === 'https',
      }
      const cookiePlugin = reply as FastifyReply & CookiePluginReply
      if (typeof cookiePlugin.setCookie === 'function') {
        cookiePlugin.setCookie(settings.name, value, {
          ...attributes,
          httpOnly: true,
          sameSite: 'lax',
        })
      } else {
        reply.header('set-cookie', serializeCookie(settings.name, value, attributes))
      }
    },
  }
}
