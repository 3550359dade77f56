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
/** Merchant apps whose decrypted pair is kept, so that a warm read costs no AES; the oldest go first. */
const CACHE_SIZE = 10_000

/** A record's two stored values and what they decrypt to. */
export interface TokenPair {
  appAuthToken: string
  appRefreshToken: string
}

/** A merchant app's latest decrypted pair (`plaintext`), and the stored values it was opened from. */
interface OpenedPair {
  storedAccess: string
  storedRefresh: string
  plaintext: TokenPair
}

/**
 * AES-256-GCM for merchant tokens, bound to the app, the merchant app and the field by the
 * associated data: a value copied into another record, or into the other field, does not open.
 */
export class TokenCipher {
  private readonly keys: ReadonlyMap<string, Buffer>
  /**
   * Per merchant app, its latest pair: the associated data is the merchant app, so a pair opened
   * for it is never handed to another; a rotated pair replaces the one before.
   */
  private readonly opened = new Map<string, OpenedPair>()

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

  /**
   * The values to store: encrypted under the first key, or as they are when there is none. A
   * value that is encrypted already (read from a record whose key is missing) is kept as it is.
   */
  seal(authAppId: string, values: TokenPair): TokenPair {
    const first = this.keyList[0]
    if (first === undefined) return values
    const { appAuthToken, appRefreshToken } = values
    const stored = {
      appAuthToken: isSealed(appAuthToken)
        ? appAuthToken
        : this.encrypt(first, authAppId, 'appAuthToken', appAuthToken),
      appRefreshToken: isSealed(appRefreshToken)
        ? appRefreshToken
        : this.encrypt(first, authAppId, 'appRefreshToken', appRefreshToken),
    }
    if (!isSealed(appAuthToken) && !isSealed(appRefreshToken)) {
      this.remember(authAppId, stored, values)
    }
    return stored
  }

  /**
   * The plaintext of stored values; plaintext ones (written before keys were set) as they are.
   * Rejects with `AlipayTokenKeyError` when a value does not decrypt with these keys.
   */
  open(authAppId: string, stored: TokenPair): TokenPair {
    const { appAuthToken, appRefreshToken } = stored
    // Most reads are of a pair opened before: the cache first.
    const cached = this.opened.get(authAppId)
    if (cached?.storedAccess === appAuthToken && cached.storedRefresh === appRefreshToken) {
      return cached.plaintext
    }
    if (!isSealed(appAuthToken) && !isSealed(appRefreshToken)) return stored
    const plaintext = {
      appAuthToken: this.decrypt(authAppId, 'appAuthToken', appAuthToken),
      appRefreshToken: this.decrypt(authAppId, 'appRefreshToken', appRefreshToken),
    }
    this.remember(authAppId, stored, plaintext)
    return plaintext
  }

  private encrypt(
    { id, key }: ResolvedTokenKey,
    authAppId: string,
    field: TokenField,
    plaintext: string,
  ): string {
    const nonce = randomBytes(NONCE_BYTES)
    const cipher = createCipheriv('aes-256-gcm', key, nonce)
    cipher.setAAD(this.associatedData(authAppId, field))
    const sealed = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ])
    return [PREFIX + VERSION, id, base64url(nonce), base64url(sealed)].join(':')
  }

  private decrypt(authAppId: string, field: TokenField, stored: string): string {
    if (!isSealed(stored)) return stored
    const [, version, keyId = '', nonce = '', sealed = ''] = stored.split(':')
    const key = this.keys.get(keyId)
    if (key === undefined) throw new AlipayTokenKeyError(authAppId, keyId)
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
      throw new AlipayTokenKeyError(authAppId, keyId)
    }
  }

  private associatedData(authAppId: string, field: TokenField): Buffer {
    return Buffer.from(JSON.stringify([this.appId, authAppId, field]), 'utf8')
  }

  private remember(authAppId: string, stored: TokenPair, plaintext: TokenPair): void {
    if (this.opened.size >= CACHE_SIZE && !this.opened.has(authAppId)) {
      const oldest = this.opened.keys().next()
      if (!oldest.done) this.opened.delete(oldest.value)
    }
    this.opened.set(authAppId, {
      storedAccess: stored.appAuthToken,
      storedRefresh: stored.appRefreshToken,
      plaintext: {
        appAuthToken: plaintext.appAuthToken,
        appRefreshToken: plaintext.appRefreshToken,
      },
    })
  }
}

function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX)
}

/** The key id an encrypted stored value names; undefined for a plaintext one. */
export function sealedKeyId(stored: string): string | undefined {
  return isSealed(stored) ? stored.split(':')[2] : undefined
}

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url')
}
