import type { AuthorizationState, MerchantToken } from '../stores/types.js'

/** The suite's clock starts here; records are stamped with it. */
export const T0 = Date.UTC(2026, 0, 1)
export const MINUTE = 60_000
export const DAY = 24 * 60 * MINUTE

/** A complete active MerchantToken for `authAppId`, with `overrides` applied. */
export function sampleMerchantToken(authAppId: string, overrides: Partial<MerchantToken> = {}) {
  return {
    authAppId,
    userId: '2088000000000001',
    appAuthToken: `202601BB${authAppId}`,
    appRefreshToken: `202601BB${authAppId}refresh`,
    expiresAt: T0 + 365 * DAY,
    refreshExpiresAt: T0 + 372 * DAY,
    authorizedAt: T0,
    updatedAt: T0,
    status: 'active',
    via: 'browser',
    ...overrides,
  } satisfies MerchantToken
}

/** A browser authorization state, with `overrides` applied. */
export function sampleAuthorizationState(
  overrides: Partial<AuthorizationState> = {},
): AuthorizationState {
  return {
    browserBinding: 'binding-1',
    redirectUri: 'https://isv.example/alipay/callback',
    createdAt: T0,
    kind: 'browser',
    ...overrides,
  }
}

/** Records in a stable order, to compare lists whatever order a store keeps. */
export function byId(tokens: MerchantToken[]): MerchantToken[] {
  return [...tokens].sort((a, b) => a.authAppId.localeCompare(b.authAppId))
}
