import { AlipayTokenKeyError } from '../errors.js'
import type { MerchantToken, TokenStore } from '../stores/types.js'
import type { TokenCipher, TokenField } from './token-cipher.js'

const FIELDS: readonly TokenField[] = ['appAuthToken', 'appRefreshToken']

/**
 * The token store as `AppAuth` sees it: every record's two tokens encrypted on the way in and
 * decrypted on the way out, everything else passed through unchanged, so that the store (built-in,
 * SQL or a user's own) receives only ciphertext and can still index expiry and status.
 *
 * A record whose key is missing makes `get` reject with `AlipayTokenKeyError`; lists still carry
 * it, its tokens as stored, so that one merchant cannot hide the others. Such a record cannot be
 * written back: `set` opens any encrypted value it is handed, and rejects as `get` would.
 */
export class SealedTokenStore implements TokenStore {
  /** Writes through this store, per merchant, so that a re-encryption can tell it was overtaken. */
  private readonly writes = new Map<string, number>()

  constructor(
    readonly inner: TokenStore,
    readonly cipher: TokenCipher,
  ) {}

  async get(authAppId: string): Promise<MerchantToken | undefined> {
    const stored = await this.inner.get(authAppId)
    return stored && this.open(stored)
  }

  async set(token: MerchantToken): Promise<void> {
    const sealed = this.seal(token)
    this.wrote(token.authAppId)
    await this.inner.set(sealed)
  }

  async delete(authAppId: string): Promise<void> {
    this.wrote(authAppId)
    await this.inner.delete(authAppId)
  }

  async list(): Promise<MerchantToken[]> {
    return (await this.inner.list()).map((record) => this.openListed(record))
  }

  async listExpiringBefore(time: number, limit: number): Promise<MerchantToken[]> {
    return (await this.inner.listExpiringBefore(time, limit)).map((record) =>
      this.openListed(record),
    )
  }

  async close(): Promise<void> {
    await this.inner.close?.()
  }

  /**
   * Rewrites the merchant's record under the first key, unless it is already. Written only if no
   * write went through this store since it was read: otherwise read again.
   */
  async reencrypt(authAppId: string): Promise<'reencrypted' | 'unchanged'> {
    for (;;) {
      const before = this.writes.get(authAppId)
      const stored = await this.inner.get(authAppId)
      const next = stored && this.resealed(stored)
      if (next === undefined) return 'unchanged'
      if (this.writes.get(authAppId) !== before) continue
      this.wrote(authAppId)
      await this.inner.set(next)
      return 'reencrypted'
    }
  }

  /** The record with its tokens encrypted under the first key; undefined when they already are. */
  protected resealed(stored: MerchantToken): MerchantToken | undefined {
    const current = this.cipher.currentKeyId
    const done = FIELDS.every((field) => this.cipher.keyIdOf(stored[field]) === current)
    return done ? undefined : this.seal(stored)
  }

  protected seal(token: MerchantToken): MerchantToken {
    // A value that is already encrypted (a listed record whose key is missing) is opened first:
    // what cannot be read is never written back.
    const plaintext = this.cipher.open(token.authAppId, token)
    const { appAuthToken, appRefreshToken } = this.cipher.seal(token.authAppId, plaintext)
    return { ...token, appAuthToken, appRefreshToken }
  }

  /**
   * `stored` with its tokens decrypted, in place: a store hands out copies its caller may change
   * (the conformance suite checks it), and a warm read then costs no copy of its own.
   */
  private open(stored: MerchantToken): MerchantToken {
    const { appAuthToken, appRefreshToken } = this.cipher.open(stored.authAppId, stored)
    stored.appAuthToken = appAuthToken
    stored.appRefreshToken = appRefreshToken
    return stored
  }

  private openListed(stored: MerchantToken): MerchantToken {
    try {
      return this.open(stored)
    } catch (error) {
      if (error instanceof AlipayTokenKeyError) return stored
      throw error
    }
  }

  private wrote(authAppId: string): void {
    this.writes.set(authAppId, (this.writes.get(authAppId) ?? 0) + 1)
  }
}
