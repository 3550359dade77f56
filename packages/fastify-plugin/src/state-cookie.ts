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
export class StateCookie {
  constructor(private readonly settings: StateCookieSettings) {}

  /** Sets (or renews) the cookie: it lives as long as the state just started. */
  write(request: FastifyRequest, reply: FastifyReply, browserBinding: string): void {
    const value = this.settings.signer.sign(browserBinding)
    const attributes: CookieAttributes = {
      path: this.settings.path,
      maxAge: this.settings.maxAgeSeconds,
      secure: request.protocol === 'https',
    }
    const cookiePlugin = reply as FastifyReply & CookiePluginReply
    if (typeof cookiePlugin.setCookie === 'function') {
      cookiePlugin.setCookie(this.settings.name, value, {
        ...attributes,
        httpOnly: true,
        sameSite: 'lax',
      })
    } else {
      reply.header('set-cookie', serializeCookie(this.settings.name, value, attributes))
    }
  }

  /**
   * The binding of every cookie of this name whose signature verifies: read from the raw header,
   * since a planted cookie of the same name may come first (and @fastify/cookie keeps only that).
   */
  read(request: FastifyRequest): string[] {
    return verifiedBindings(request.headers.cookie, this.settings.name, this.settings.signer)
  }
}
