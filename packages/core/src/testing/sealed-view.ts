import { sealTokenStore } from '../token-encryption/coordinated-sealed-token-store.js'
import type { TokenCipher } from '../token-encryption/token-cipher.js'
import type { ConformingStore } from './store-under-test.js'

/**
 * `store` as `AppAuth` with `tokenKeys` uses it: tokens encrypted on the way in, decrypted on the
 * way out; states and claims as they are.
 */
export function sealedView(store: ConformingStore, cipher: TokenCipher): ConformingStore {
  const tokens = sealTokenStore(store, cipher)
  return {
    get: (authAppId) => tokens.get(authAppId),
    set: (token) => tokens.set(token),
    delete: (authAppId) => tokens.delete(authAppId),
    list: () => tokens.list(),
    listPage: (request) => tokens.listPage(request),
    listExpiringBefore: (time, limit) => tokens.listExpiringBefore(time, limit),
    put: (state, value, ttlMs) => store.put(state, value, ttlMs),
    take: (state) => store.take(state),
    peek: (state) => store.peek(state),
    claim: (key, ttlMs) => store.claim(key, ttlMs),
    isClaimed: (key) => store.isClaimed(key),
    close: () => store.close(),
  }
}
