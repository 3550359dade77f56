import type { AppAuth } from '../../src/auth/app-auth.js'
import type { AppAuthEventName } from '../../src/auth/events.js'
import type { MerchantToken, TokenStore } from '../../src/stores/types.js'
import { tokenFields } from '../mocks.js'

const DAY = 24 * 60 * 60_000
/** The merchant app the mock issues tokens for. */
export const MERCHANT = tokenFields(1).auth_app_id
export const USER = tokenFields(1).user_id

export const EVENTS: AppAuthEventName[] = [
  'codeExchanged',
  'tokenRefreshed',
  'refreshFailed',
  'reauthorizationRequired',
  'notificationReceived',
  'notificationRejected',
  'signatureVerificationFailed',
  'contextChange',
]

/** Every event `auth` emits, in order. */
export function recordEvents(auth: AppAuth) {
  const seen: Array<{ event: AppAuthEventName; payload: object }> = []
  for (const event of EVENTS) auth.on(event, (payload) => seen.push({ event, payload }))
  return seen
}

/** Stores MERCHANT with a token expiring in a day: due for refresh. Its tokens start with 202501BB, as the mock's do. */
export async function storeDueMerchant(store: TokenStore, now: number): Promise<void> {
  await store.set(
    storedMerchant(now, {
      appAuthToken: '202501BBstored-access',
      appRefreshToken: '202501BBstored-refresh',
      expiresAt: now + DAY,
      refreshExpiresAt: now + 8 * DAY,
    }),
  )
}

/**
 * MERCHANT's active record, its token valid for 300 more days, its tokens starting with 202501BB
 * as the mock's do (`202501BBold-access`).
 */
export function storedMerchant(now: number, overrides: Partial<MerchantToken> = {}): MerchantToken {
  return {
    authAppId: MERCHANT,
    userId: USER,
    appAuthToken: '202501BBold-access',
    appRefreshToken: '202501BBold-refresh',
    expiresAt: now + 300 * DAY,
    refreshExpiresAt: now + 307 * DAY,
    authorizedAt: now - DAY,
    updatedAt: now - DAY,
    status: 'active',
    via: 'browser',
    ...overrides,
  }
}
