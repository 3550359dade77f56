import type { MerchantToken, TokenStore } from '../../src/stores/types.js'

// biome-ignore lint/suspicious/noExplicitAny: a mixin's constructor takes whatever its base does
type StoreClass = new (...args: any[]) => TokenStore

/**
 * `Store` with a hook: `meanwhile` runs once, after the next read and before its answer, so a test
 * can change the record between a reader's read and its write.
 */
export function pausingAfterRead<S extends StoreClass>(Store: S) {
  return class extends Store {
    meanwhile: (() => Promise<unknown>) | undefined

    override async get(authAppId: string): Promise<MerchantToken | undefined> {
      const read = await super.get(authAppId)
      const meanwhile = this.meanwhile
      this.meanwhile = undefined
      await meanwhile?.()
      return read
    }
  }
}
