/**
 * The two storage contracts of the authorization flow. Every implementation (memory, file,
 * Redis) passes the same conformance suite: `packages/core/test/stores/conformance.ts`.
 */

export type MerchantTokenStatus = 'active' | 'needs-reauthorization' | 'cancelled'

/** One authorized merchant app (SPEC §3: one element of `tokens[]`). */
export interface MerchantToken {
  /** The merchant's authorized app id (`auth_app_id`): the record's key. */
  authAppId: string
  /** The merchant's Alipay user id (`user_id`, 2088…). */
  userId: string
  appAuthToken: string
  appRefreshToken: string
  /** Epoch ms when `app_auth_token` expires (issue time + `expires_in`). */
  expiresAt: number
  /** Epoch ms when `app_refresh_token` expires (issue time + `re_expires_in`). */
  refreshExpiresAt: number
  /** Epoch ms of the authorization (or re-authorization) that produced this record. */
  authorizedAt: number
  /** Epoch ms of the last write. */
  updatedAt: number
  status: MerchantTokenStatus
}

export interface TokenStore {
  get(authAppId: string): Promise<MerchantToken | undefined>
  /** Insert or replace the record for `token.authAppId`. Resolves once durable. */
  set(token: MerchantToken): Promise<void>
  delete(authAppId: string): Promise<void>
  /** Every record, in no particular order. */
  list(): Promise<MerchantToken[]>
  /** Active records whose `expiresAt` is at or before `time`, soonest first, at most `limit`. */
  listExpiringBefore(time: number, limit: number): Promise<MerchantToken[]>
  close?(): Promise<void>
}

/** What the flow remembers between "send to Alipay" and "the callback came back". */
export interface AuthorizationState {
  /** The value bound to the browser that started the flow (its cookie carries it). */
  browserBinding: string
  redirectUri: string
  /** Epoch ms. */
  createdAt: number
}

export interface StateStore {
  /** Remember `state` for `ttlMs`. */
  put(state: string, value: AuthorizationState, ttlMs: number): Promise<void>
  /**
   * Atomically read and delete: of any number of concurrent callers, at most one gets the
   * value. Expired or unknown states give `undefined`.
   */
  take(state: string): Promise<AuthorizationState | undefined>
  /**
   * Set-if-absent marker for `ttlMs`: true for the first caller, false for every later one
   * until it expires. Used so a code is exchanged once and a notification applied once.
   */
  claim(key: string, ttlMs: number): Promise<boolean>
  close?(): Promise<void>
}
