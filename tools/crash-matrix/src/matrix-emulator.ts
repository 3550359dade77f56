import { generateKeyPairSync } from 'node:crypto'
import { AppAuth, type StateStore, type TokenStore } from '@alipay-isv/core'
import { type RunningMockAlipay, startMockAlipay } from '@alipay-isv/mock-alipay'
import type { MatrixAppConfig } from './matrix-config.js'

const APP_ID = '2021009800000001'
const REDIRECT_URI = 'http://127.0.0.1/alipay/callback'
export const TOKEN_METHOD = 'alipay.open.auth.token.app'
/** How long the emulator answers a spent refresh token with the current pair (its default). */
export const REFRESH_GRACE_SECONDS = 60

export interface MatrixEmulator {
  emulator: RunningMockAlipay
  /** Everything of an app's configuration but its adapter and store. */
  app: Omit<MatrixAppConfig, 'adapter' | 'store'>
  /** Every merchant app authorized. */
  merchants: string[]
  /** The emulator's current access token of a merchant app: what the app must hold. */
  currentToken(authAppId: string): string | undefined
}

/** The emulator with `count` merchants, each authorized once by the app, codes exchanged into `store`. */
export async function startMatrixEmulator(
  count: number,
  store: TokenStore & StateStore,
): Promise<MatrixEmulator> {
  const merchants = Array.from({ length: count }, (_, i) => ({
    user_id: `2088${String(i).padStart(12, '0')}`,
    name: `Merchant ${i}`,
    auth_app_ids: [`2021${String(i).padStart(12, '0')}`],
  }))
  const emulator = await startMockAlipay({
    seed: { merchants },
    refreshGraceSeconds: REFRESH_GRACE_SECONDS,
  })
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const app = {
    appId: APP_ID,
    privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    alipayPublicKey: emulator.alipayPublicKey,
    gateway: `${emulator.url}/gateway.do`,
  }
  const publicKey = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString()
  await emulator.admin.registerApp({
    app_id: APP_ID,
    public_key: publicKey,
    redirect_uri: REDIRECT_URI,
  })
  const auth = new AppAuth({ ...app, redirectUri: REDIRECT_URI, store })
  for (const { user_id } of merchants) {
    const { app_auth_code } = await emulator.admin.authorize({ app_id: APP_ID, user_id })
    await auth.exchangeCode(app_auth_code)
  }
  await auth.close()
  return {
    emulator,
    app,
    merchants: merchants.map((merchant) => merchant.auth_app_ids[0]!),
    currentToken: (authAppId) =>
      emulator.engine
        .snapshot()
        .grants.find((grant) => grant.app_id === APP_ID && grant.auth_app_id === authAppId)
        ?.app_auth_token,
  }
}
