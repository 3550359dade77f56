import { testKeyPair } from '@alipay-isv/core/testing'
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
  return new AppAuth({
    appId: '2021000000000000',
    privateKey: testKeyPair('app').privateKey,
    alipayPublicKey: testKeyPair('alipay').publicKey,
    gateway: 'http://127.0.0.1:9/gateway.do',
    redirectUri: 'http://127.0.0.1:9/alipay/callback',
    store,
    ...options,
  })
}
