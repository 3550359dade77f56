import { generateKeyPairSync } from 'node:crypto'
import { AppAuth } from '../../packages/core/src/auth/app-auth.js'
import type { AppAuthOptions } from '../../packages/core/src/auth/options.js'
import type { StateStore, TokenStore } from '../../packages/core/src/stores/types.js'

/**
 * An AppAuth whose gateway is never reached: for benchmarks of warm-token reads, where any call
 * to Alipay would be a bug in the bench.
 */
export function offlineAppAuth(
  store: TokenStore & StateStore,
  options: Pick<AppAuthOptions, 'tokenKeys'> = {},
): AppAuth {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return new AppAuth({
    appId: '2021000000000000',
    privateKey: keys.privateKey,
    alipayPublicKey: keys.publicKey,
    gateway: 'http://127.0.0.1:9/gateway.do',
    redirectUri: 'http://127.0.0.1:9/alipay/callback',
    store,
    ...options,
  })
}
