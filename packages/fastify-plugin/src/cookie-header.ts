/**
 * Just enough cookie syntax (RFC 6265) for one state cookie, so the plugin needs no cookie
 * plugin. Values are URI-encoded on the way out and decoded on the way in.
 */
export interface CookieAttributes {
  path: string
  /** Seconds; 0 deletes the cookie. */
  maxAge: number
  secure: boolean
}

/** One Set-Cookie value: always HttpOnly and SameSite=Lax (the callback is a top-level GET). */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Max-Age=${attributes.maxAge}`,
    `Path=${attributes.path}`,
    'HttpOnly',
    'SameSite=Lax',
  ]
  if (attributes.secure) parts.push('Secure')
  return parts.join('; ')
}

/** The value of cookie `name` in a Cookie request header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=')
    if (separator === -1 || pair.slice(0, separator).trim() !== name) continue
    try {
      return decodeURIComponent(pair.slice(separator + 1).trim())
    } catch {
      return undefined
    }
  }
  return undefined
}
