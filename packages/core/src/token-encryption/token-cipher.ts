import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { AlipayTokenKeyError } from '../errors.js'
import type { ResolvedTokenKey } from './token-keys.js'

/** The fields of a record that are secrets; nothing else of a record is encrypted. */
export type TokenField = 'appAuthToken' | 'appRefreshToken'

/**
 * A stored value: `enc:v1:<key id>:<nonce>:<ciphertext and tag>`, base64url. Self-describing, so
 * values under several keys (and plaintext ones from before keys were set) live side by side.
 */
const PREFIX = 'enc:'
const VERSION = 'v1'
const NONCE_BYTES = 12
const TAG_BYTES = 16
/** Decrypted values kept, so that reading a warm token costs no AES; the oldest go first. */
const CACHE_SIZE = 10_000

/**
 * AES-256-GCM for merchant tokens, bound to the app, the merchant app and the field by the
 * associated data: a value copied into another record, or into the other field, does not open.
 */
export class TokenCipher {
  private readonly keys: ReadonlyMap<string, Buffer>
  private readonly opened = new Map<string, string>()

  constructor(
    private readonly appId: string,
    private readonly keyList: readonly ResolvedTokenKey[],
  ) {
    this.keys = new Map(keyList.map(({ id, key }) => [id, key]))
  }

  /** The id of the key new values are encrypted under; undefined when none is configured. */
  get currentKeyId(): string | undefined {
    return this.keyList[0]?.id
  }

  /** The key id of a stored value; undefined for a plaintext one. */
  keyIdOf(stored: string): string | undefined {
    return isSealed(stored) ? stored.split(':')[2] : undefined
  }

  /** The value to store: encrypted under the first key, or `plaintext` itself when there is none. */
  seal(authAppId: string, field: TokenField, plaintext: string): string {
    const first = this.keyList[0]
    if (first === undefined) return plaintext
    const nonce = randomBytes(NONCE_BYTES)
    const cipher = createCipheriv('aes-256-gcm', first.key, nonce)
    cipher.setAAD(this.associatedData(authAppId, field))
    const sealed = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ])
    const stored = [PREFIX + VERSION, first.id, base64url(nonce), base64url(sealed)].join(':')
    this.remember(cacheKey(authAppId, field, stored), plaintext)
    return stored
  }

  /** The plaintext of a stored value; a plaintext one (written before keys were set) as it is. */
  open(authAppId: string, field: TokenField, stored: string): string {
    if (!isSealed(stored)) return stored
    const key = cacheKey(authAppId, field, stored)
    const cached = this.opened.get(key)
    if (cached !== undefined) return cached
    const plaintext = this.decrypt(authAppId, field, stored)
    this.remember(key, plaintext)
    return plaintext
  }

  private decrypt(authAppId: string, field: TokenField, stored: string): string {
    const [, version, keyId = '', nonce = '', sealed = ''] = stored.split(':')
    const key = this.keys.get(keyId)
    if (key === undefined) throw new AlipayTokenKeyError(authAppId, keyId, 'key-not-configured')
    const bytes = Buffer.from(sealed, 'base64url')
    try {
      if (version !== VERSION || bytes.length < TAG_BYTES) throw new Error('not a v1 value')
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'))
      decipher.setAAD(this.associatedData(authAppId, field))
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES))
      return Buffer.concat([
        decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8')
    } catch {
      throw new AlipayTokenKeyError(authAppId, keyId, 'does-not-decrypt')
    }
  }

  private associatedData(authAppId: string, field: TokenField): Buffer {
    return Buffer.from(JSON.stringify([this.appId, authAppId, field]), 'utf8')
  }

  private remember(key: string, plaintext: string): void {
    if (this.opened.size >= CACHE_SIZE) {
      const oldest = this.opened.keys().next()
      if (!oldest.done) this.opened.delete(oldest.value)
    }
    this.opened.set(key, plaintext)
  }
}

function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX)
}

/** The whole associated data is in the key: a value cached for one record never opens another. */
function cacheKey(authAppId: string, field: TokenField, stored: string): string {
  return `${field}\0${authAppId}\0${stored}`
}

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url')
}
