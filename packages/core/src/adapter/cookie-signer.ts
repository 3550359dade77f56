import { createHmac, timingSafeEqual } from 'node:crypto'
import { AlipayConfigError } from '../errors.js'

export interface CookieSigner {
  /** `value.<HMAC-SHA256, base64url>`, with the first secret. */
  sign(value: string): string
  /** The value when any secret verifies its MAC; undefined when missing, malformed or forged. */
  unsign(signed: string | undefined): string | undefined
}

/**
 * Signs the state cookie's browser binding. Pass several secrets to rotate: the first signs,
 * every one verifies. Use at least 32 random bytes per secret.
 */
export function createCookieSigner(secret: string | Buffer | Array<string | Buffer>): CookieSigner {
  const secrets = Array.isArray(secret) ? secret : [secret]
  const usable = (key: unknown) =>
    (typeof key === 'string' || Buffer.isBuffer(key)) && key.length > 0
  if (secrets.length === 0 || !secrets.every(usable)) {
    throw new AlipayConfigError(
      'The cookie secret must be a non-empty string or Buffer (or an array of them, newest first); use at least 32 random bytes.',
    )
  }
  const mac = (key: string | Buffer, value: string) =>
    createHmac('sha256', key).update(value, 'utf8').digest('base64url')
  return cookieSignerFromMac({
    sign: (value) => mac(secrets[0] as string | Buffer, value),
    verify(value, digest) {
      const given = Buffer.from(digest)
      return secrets.some((key) => {
        const expected = Buffer.from(mac(key, value))
        return expected.length === given.length && timingSafeEqual(expected, given)
      })
    },
  })
}

/** What makes and checks a value's MAC: the secrets' HMAC here, or a Keygrip (Koa's `app.keys`). */
interface Mac {
  sign(data: string): string
  verify(data: string, digest: string): boolean
}

/**
 * The state cookie's signed form, `value.<mac>`, around any MAC: signs with `mac.sign`, and
 * unsigns (splitting at the last dot, since the value may hold dots) what `mac.verify` accepts.
 */
export function cookieSignerFromMac(mac: Mac): CookieSigner {
  return {
    sign: (value) => `${value}.${mac.sign(value)}`,
    unsign(signed) {
      if (typeof signed !== 'string') return undefined
      const dot = signed.lastIndexOf('.')
      if (dot < 0) return undefined
      const value = signed.slice(0, dot)
      return mac.verify(value, signed.slice(dot + 1)) ? value : undefined
    },
  }
}
