import type { AppAuth, MerchantToken, StateStore, TokenStore } from '@alipay-isv/core'
import { createMockAlipayServer, type RunningMockAlipay } from '@alipay-isv/mock-alipay'
import { type SeededEmulator, startSeededEmulator } from './seeded-emulator.js'

const APP_ID = '2021009900000001'

export interface FleetEmulator {
  emulator: RunningMockAlipay
  /**
   * What the instances are configured with; its gateway is the emulator's engine behind an HTTP
   * server of its own that taps refreshes.
   */
  app: SeededEmulator['app']
  /** `app_refresh_token` of every refresh request that reached the gateway, in arrival order. */
  refreshTokensReceived: string[]
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
  const { emulator, app, merchants } = await startSeededEmulator(
    {
      appId: APP_ID,
      merchantCount,
      refreshGraceSeconds: 0,
      requestLogSize: 10 * merchantCount + 100,
    },
    store,
  )
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
  return {
    emulator,
    app: { ...app, gateway: `${tapUrl}/gateway.do` },
    refreshTokensReceived,
    merchants,
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
