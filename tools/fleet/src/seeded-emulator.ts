import { AppAuth, type StateStore, type TokenStore } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import { type RunningMockAlipay, startMockAlipay } from '@alipay-isv/mock-alipay'

const REDIRECT_URI = 'http://127.0.0.1/alipay/callback'

export interface SeededEmulatorOptions {
  /** The ISV app registered with the emulator, under the test process's app key (`testKeyPair`). */
  appId: string
  merchantCount: number
  /** How long a spent refresh token still answers with the current pair. */
  refreshGraceSeconds: number
  requestLogSize?: number
}

/** The emulator, the ISV app's credentials, and the merchants it has authorized. */
export interface SeededEmulator {
  emulator: RunningMockAlipay
  /** What every process of the app is configured with: its id, key, Alipay's, and redirect URI. */
  app: {
    appId: string
    privateKey: string
    alipayPublicKey: string
    gateway: string
    redirectUri: string
  }
  /** Every merchant app authorized, in order. */
  merchants: string[]
}

/**
 * The emulator with `merchantCount` merchants, each authorized once by the ISV app, their codes
 * exchanged into `store`: a running app's state, for processes started over that store.
 */
export async function startSeededEmulator(
  options: SeededEmulatorOptions,
  store: TokenStore & StateStore,
): Promise<SeededEmulator> {
  const { appId, merchantCount } = options
  const merchants = Array.from({ length: merchantCount }, (_, i) => ({
    user_id: `2088${String(i).padStart(12, '0')}`,
    name: `Merchant ${i}`,
    auth_app_ids: [`2021${String(i).padStart(12, '0')}`],
  }))
  const emulator = await startMockAlipay({
    seed: { merchants },
    refreshGraceSeconds: options.refreshGraceSeconds,
    requestLogSize: options.requestLogSize,
  })
  const keys = testKeyPair('app')
  await emulator.admin.registerApp({
    app_id: appId,
    public_key: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    redirect_uri: REDIRECT_URI,
  })
  const app = {
    appId,
    privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    alipayPublicKey: emulator.alipayPublicKey,
    gateway: `${emulator.url}/gateway.do`,
    redirectUri: REDIRECT_URI,
  }
  const auth = new AppAuth({ ...app, store })
  for (const { user_id } of merchants) {
    const { app_auth_code } = await emulator.admin.authorize({ app_id: appId, user_id })
    await auth.exchangeCode(app_auth_code)
  }
  await auth.close()
  return { emulator, app, merchants: merchants.map((merchant) => merchant.auth_app_ids[0]!) }
}
