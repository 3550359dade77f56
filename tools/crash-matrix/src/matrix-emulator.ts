import type { StateStore, TokenStore } from '@alipay-isv/core'
import { type SeededEmulator, startSeededEmulator } from '@alipay-isv/fleet'

const APP_ID = '2021009800000001'
export const TOKEN_METHOD = 'alipay.open.auth.token.app'
/** How long the emulator answers a spent refresh token with the current pair (its default). */
export const REFRESH_GRACE_SECONDS = 60

export interface MatrixEmulator extends SeededEmulator {
  /** The emulator's current access token of a merchant app: what the app must hold. */
  currentToken(authAppId: string): string | undefined
}

/** The emulator with `count` merchants, each authorized once by the app, codes exchanged into `store`. */
export async function startMatrixEmulator(
  count: number,
  store: TokenStore & StateStore,
): Promise<MatrixEmulator> {
  const seeded = await startSeededEmulator(
    { appId: APP_ID, merchantCount: count, refreshGraceSeconds: REFRESH_GRACE_SECONDS },
    store,
  )
  return {
    ...seeded,
    currentToken: (authAppId) =>
      seeded.emulator.engine
        .snapshot()
        .grants.find((grant) => grant.app_id === APP_ID && grant.auth_app_id === authAppId)
        ?.app_auth_token,
  }
}
