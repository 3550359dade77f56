import { randomBytes } from 'node:crypto'
import type { TokenStore } from '../../src/stores/types.js'
import { sealTokenStore } from '../../src/token-encryption/coordinated-sealed-token-store.js'
import { TokenCipher } from '../../src/token-encryption/token-cipher.js'
import { resolveTokenKeys, type TokenKey } from '../../src/token-encryption/token-keys.js'
import { APP_ID } from '../mocks.js'

/** Two keys, as `openssl rand -base64 32` makes them: the one in use and the one before it. */
export const oldKey = { id: 'old', key: randomBytes(32).toString('base64') } satisfies TokenKey
export const newKey = { id: 'new', key: randomBytes(32).toString('base64') } satisfies TokenKey

/** `store` as an AppAuth of the mock's app with `keys` writes to it: to seed records under a key. */
export function sealedWith<S extends TokenStore>(store: S, keys: TokenKey[]) {
  return sealTokenStore(store, new TokenCipher(APP_ID, resolveTokenKeys(keys)))
}

/** The key id a stored value is encrypted under; undefined for plaintext. */
export function keyIdOf(stored: string | undefined): string | undefined {
  return /^enc:v1:([^:]+):/.exec(stored ?? '')?.[1]
}
