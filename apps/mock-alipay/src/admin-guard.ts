import { createHash, timingSafeEqual } from 'node:crypto'
import { adminError } from './engine/admin.js'
import { isLoopbackName, type ParsedHost } from './request-host.js'

/** Who may use the admin API of the HTTP server. */
export interface AdminAccessOptions {
  /**
   * When set, every `/__admin` request must carry `authorization: Bearer <adminToken>`, and the
   * `Host` is not checked: for an emulator reached from other machines or containers.
   */
  adminToken?: string
  /**
   * Without a token, the admin API answers only a `Host` naming a loopback address, the address
   * the request arrived on, or one of these names (e.g. a container's service name).
   */
  allowedHosts?: readonly string[]
}

export interface AdminCaller {
  /** Undefined when the request sent no `Host` (HTTP/1.0): no browser sends such a request. */
  host: ParsedHost | undefined
  /** The local address the connection arrived on. */
  localAddress: string | undefined
  authorization: string | undefined
}

/**
 * Why an admin request is refused, as the admin API's JSON error, or undefined to let it through.
 * The Host check stops DNS rebinding: a web page whose name resolves to 127.0.0.1 still sends its
 * own name as the Host.
 */
export function adminRefusal(
  access: AdminAccessOptions,
  caller: AdminCaller,
): Response | undefined {
  if (access.adminToken !== undefined) {
    if (bearerMatches(caller.authorization, access.adminToken)) return undefined
    return adminError(
      401,
      'authorization',
      'The admin API needs authorization: Bearer <token>, with the token the emulator was started with (--admin-token).',
      { 'www-authenticate': 'Bearer realm="mock-alipay admin"' },
    )
  }
  const host = caller.host
  if (!host || isAllowedHost(host.name, caller.localAddress, access.allowedHosts ?? []))
    return undefined
  return adminError(
    403,
    'host',
    `The admin API answers only Host names that are loopback addresses, the address the emulator listens on, or allowed names; not ${host.host}. Allow the name with --allow-host ${host.name} (allowedHosts), or start with --admin-token to use a token instead.`,
  )
}

function isAllowedHost(name: string, localAddress: string | undefined, allowed: readonly string[]) {
  return (
    isLoopbackName(name) ||
    (localAddress !== undefined && name === localAddress.replace(/^::ffff:/i, '')) ||
    allowed.some((entry) => entry.toLowerCase() === name)
  )
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
  if (!match) return false
  // Digests first: equal lengths for timingSafeEqual, and no early exit on the token's length.
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(match[1] ?? ''), digest(token))
}
