/**
 * Just enough cookie syntax (RFC 6265) to write the state cookie, so the plugin needs no cookie
 * plugin. Values are URI-encoded on the way out; core's `verifiedBindings` reads them back.
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
