import { AlipayTokenKeyError } from '../errors.js'
import type { MerchantPage, MerchantPageRequest } from '../stores/page.js'
import type { MerchantToken, TokenStore } from '../stores/types.js'
import { sealedKeyId, type TokenCipher, type TokenField, type TokenPair } from './token-cipher.js'

const FIELDS: readonly TokenField[] = ['appAuthToken', 'appRefreshToken']

/**
 * The token store as `AppAuth` sees it: every record's two tokens encrypted on the way in and
 * decrypted on the way out, everything else passed through unchanged, so that the store (built-in,
 * SQL or a user's own) receives only ciphertext and can still index expiry and status.
 *
 * A record whose tokens do not decrypt (their key is missing) is read with its tokens as stored,
 * so that everything but its tokens still works: it is listed, a re-authorization replaces it, a
 * cancellation marks it, each written back with those values untouched. Using its tokens is
 * refused where a record must produce tokens (`requireActive`), with `AlipayTokenKeyError`.
 */
export class SealedTokenStore implements TokenStore {
  /** Writes through this store, per merchant, so that a re-encryption can tell it was overtaken. */
  private readonly writes = new Map<string, number>()
  /**
   * Per merchant, the last write through this store not yet landed: the next one waits for it, so
   * writes to one merchant land in the order they were made whatever the store, and a
   * re-encryption reads only after every earlier write landed.
   */
  private readonly landing = new Map<string, Promise<unknown>>()

  constructor(
    readonly inner: TokenStore,
    readonly cipher: TokenCipher,
  ) {}

  get(authAppId: string): Promise<MerchantToken | undefined> {
    // No async function of its own: on the path of every getToken, one promise fewer.
    return this.inner.get(authAppId).then((stored) => stored && this.readable(stored))
  }

  async set(token: MerchantToken): Promise<void> {
    const sealed = this.seal(token)
    await this.write(token.authAppId, () => this.inner.set(sealed))
  }

  async delete(authAppId: string): Promise<void> {
    await this.write(authAppId, () => this.inner.delete(authAppId))
  }

  async list(): Promise<MerchantToken[]> {
    return (await this.inner.list()).map((record) => this.readable(record))
  }

  async listPage(request: MerchantPageRequest): Promise<MerchantPage> {
    const page = await this.inner.listPage(request)
    return { ...page, merchants: page.merchants.map((record) => this.readable(record)) }
  }

  async listExpiringBefore(time: number, limit: number): Promise<MerchantToken[]> {
    return (await this.inner.listExpiringBefore(time, limit)).map((record) => this.readable(record))
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
      await this.landing.get(authAppId)
      const before = this.writes.get(authAppId)
      const stored = await this.inner.get(authAppId)
      const next = stored && this.resealed(stored)
      if (next === undefined) return 'unchanged'
      if (this.writes.get(authAppId) !== before) continue
      await this.write(authAppId, () => this.inner.set(next))
      return 'reencrypted'
    }
  }

  /**
   * The record with its tokens encrypted under the first key; undefined when they already are.
   * Rejects with `AlipayTokenKeyError` when they do not decrypt.
   */
  protected resealed(stored: MerchantToken): MerchantToken | undefined {
    const current = this.cipher.currentKeyId
    if (FIELDS.every((field) => sealedKeyId(stored[field]) === current)) return undefined
    return this.seal({ ...stored, ...this.cipher.open(stored.authAppId, stored) })
  }

  protected seal(token: MerchantToken): MerchantToken {
    return { ...token, ...this.cipher.seal(token.authAppId, token) }
  }

  /**
   * `stored` with its tokens decrypted, as a new object (a store that hands out its own record
   * must not end up holding plaintext); as stored when they do not decrypt.
   */
  private readable(stored: MerchantToken): MerchantToken {
    let opened: TokenPair
    try {
      opened = this.cipher.open(stored.authAppId, stored)
    } catch (error) {
      if (error instanceof AlipayTokenKeyError) return stored
      throw error
    }
    if (opened === stored) return stored
    // Copied, then the two fields set: measurably cheaper per getToken than one spread with both.
    const readable = { ...stored }
    readable.appAuthToken = opened.appAuthToken
    readable.appRefreshToken = opened.appRefreshToken
    return readable
  }

  /** Counts the write at once, and runs it once the merchant's earlier writes have landed. */
  private write(authAppId: string, work: () => Promise<void>): Promise<void> {
    this.writes.set(authAppId, (this.writes.get(authAppId) ?? 0) + 1)
    const written = (this.landing.get(authAppId) ?? Promise.resolve()).then(work)
    const landed = written.catch(() => undefined)
    this.landing.set(authAppId, landed)
    void landed.then(() => {
      if (this.landing.get(authAppId) === landed) this.landing.delete(authAppId)
    })
    return written
  }
}
