import { generateKeyPairSync } from 'node:crypto'
import { AppAuth, type MerchantToken, type StateStore, type TokenStore } from '@alipay-isv/core'
import {
  createMockAlipayServer,
  type RunningMockAlipay,
  startMockAlipay,
} from '@alipay-isv/mock-alipay'

export const APP_ID = '2021009900000001'
const REDIRECT_URI = 'http://127.0.0.1/alipay/callback'

export interface FleetEmulator {
  emulator: RunningMockAlipay
  /** The gateway the instances use: the emulator's engine behind a door that taps refreshes. */
  gateway: string
  /** `app_refresh_token` of every refresh request that reached the gateway, in arrival order. */
  refreshTokensReceived: string[]
  privateKey: string
  /** Every merchant app authorized, in order. */
  merchants: string[]
  close(): Promise<void>
}

/**
 * The emulator with `merchantCount` merchants, each authorized once by the ISV app (codes
 * exchanged into `store`). Rotated tokens die at once (no grace period), so a caller handed a
 * replaced token would be caught.
 */
export async function startFleetEmulator(
  merchantCount: number,
  store: TokenStore & StateStore,
): Promise<FleetEmulator> {
  const merchants = Array.from({ length: merchantCount }, (_, i) => ({
    user_id: `2088${String(i).padStart(12, '0')}`,
    name: `Merchant ${i}`,
    auth_app_ids: [`2021${String(i).padStart(12, '0')}`],
  }))
  const emulator = await startMockAlipay({
    seed: { merchants },
    refreshGraceSeconds: 0,
    requestLogSize: 10 * merchantCount + 100,
  })
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const publicKey = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString()
  await emulator.admin.registerApp({
    app_id: APP_ID,
    public_key: publicKey,
    redirect_uri: REDIRECT_URI,
  })

  const refreshTokensReceived: string[] = []
  const tap = createMockAlipayServer({
    handle: async (request) => {
      const biz = new URLSearchParams(await request.clone().text()).get('biz_content')
      const grant = biz ? (JSON.parse(biz) as { refresh_token?: string }) : {}
      if (grant.refresh_token) refreshTokensReceived.push(grant.refresh_token)
      return emulator.engine.handle(request)
    },
  })
  const tapUrl = await tap.listen({ host: '127.0.0.1', port: 0 })
  const gateway = `${tapUrl}/gateway.do`

  const auth = new AppAuth({
    appId: APP_ID,
    privateKey,
    alipayPublicKey: emulator.alipayPublicKey,
    gateway,
    redirectUri: REDIRECT_URI,
    store,
  })
  for (const merchant of merchants) {
    const { app_auth_code } = await emulator.admin.authorize({
      app_id: APP_ID,
      user_id: merchant.user_id,
    })
    await auth.exchangeCode(app_auth_code)
  }
  return {
    emulator,
    gateway,
    refreshTokensReceived,
    privateKey,
    merchants: merchants.map((merchant) => merchant.auth_app_ids[0]!),
    close: async () => {
      await tap.close()
      await emulator.close()
    },
  }
}

/** Moves every merchant's expiry to `expiresAt` (inside the refresh window), keeping its tokens. */
export async function expireAll(store: TokenStore, expiresAt: number): Promise<MerchantToken[]> {
  const records = await store.list()
  for (const record of records) await store.set({ ...record, expiresAt })
  return records
}

/** Whether the emulator still accepts `token` (the query API answers for live tokens only). */
export async function isLive(auth: AppAuth, token: string): Promise<boolean> {
  return auth.client.queryToken(token).then(
    (status) => status.status === 'valid',
    () => false,
  )
}
