import type { CookieSigner } from '@alipay-isv/core'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { type CookieAttributes, readCookie, serializeCookie } from './cookie-header.js'

export interface StateCookieSettings {
  name: string
  /** The prefix: the cookie goes back to the plugin's routes only. */
  path: string
  maxAgeSeconds: number
  signer: CookieSigner
}

/** The parts of @fastify/cookie the plugin uses when it is registered. */
interface CookiePluginRequest {
  cookies?: Record<string, string | undefined> | null
}
interface CookiePluginReply {
  setCookie?(name: string, value: string, options: Record<string, unknown>): unknown
}

/**
 * The browser binding of the state (docs/protocol.md §1), in a signed cookie; via @fastify/cookie
 * when present.
 */
export class StateCookie {
  constructor(private readonly settings: StateCookieSettings) {}

  write(request: FastifyRequest, reply: FastifyReply, browserBinding: string): void {
    this.#set(
      request,
      reply,
      this.settings.signer.sign(browserBinding),
      this.settings.maxAgeSeconds,
    )
  }

  /** The binding, or undefined when the cookie is missing or its signature is bad. */
  read(request: FastifyRequest): string | undefined {
    const cookies = (request as FastifyRequest & CookiePluginRequest).cookies
    const signed = cookies
      ? cookies[this.settings.name]
      : readCookie(request.headers.cookie, this.settings.name)
    return this.settings.signer.unsign(signed)
  }

  clear(request: FastifyRequest, reply: FastifyReply): void {
    this.#set(request, reply, '', 0)
  }

  #set(request: FastifyRequest, reply: FastifyReply, value: string, maxAge: number): void {
    const attributes: CookieAttributes = {
      path: this.settings.path,
      maxAge,
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
}
