import type { EngineClock } from './clock.js'
import type { PersistedGrant, TokenRule } from './contract.js'
import { type EngineState, grantKey } from './state.js'

/** docs/protocol.md §3: the observed `expires_in`, seconds. */
export const EXPIRES_IN = 31_536_000

export type TokenLookup =
  | { ok: true; grant: PersistedGrant }
  | {
      ok: false
      rule: TokenRule
      detail: string
      /** The merchant the token was issued for, when it was this app's. */
      merchant?: { user_id: string; auth_app_id: string }
    }

/**
 * The grant an `app_auth_token` stands for in a call by `appId` (docs/protocol.md "Calling for a
 * merchant"): a current token, or one replaced by a refresh or a new authorization and still
 * inside the grace. With `enforceExpiry` (the app's `token_expiry: enforce`), a current token
 * older than `expires_in` has timed out. A refusal says which rule refused it.
 */
export function lookUpToken(
  state: EngineState,
  clock: EngineClock,
  appId: string,
  token: string,
  enforceExpiry: boolean,
): TokenLookup {
  const now = clock.now()
  const key = state.accessTokens.get(token)
  const grant = key === undefined ? undefined : state.grants.get(key)
  if (grant?.app_id === appId) {
    if (enforceExpiry && now > grant.issued_at + EXPIRES_IN * 1000)
      return refuse(
        'timed-out',
        grant,
        'the app_auth_token is older than expires_in (the app is registered with token_expiry enforce); refresh it with grant_type=refresh_token',
      )
    return { ok: true, grant }
  }
  const retired = state.retired.get(token)
  const current = retired && state.grants.get(grantKey(retired.app_id, retired.auth_app_id))
  const cancelled = state.cancelled.get(token)
  const owner = grant?.app_id ?? retired?.app_id ?? cancelled?.app_id
  if (owner !== undefined && owner !== appId)
    return refuse(
      'other-app-token',
      undefined,
      `the app_auth_token was issued to app ${owner}, not ${appId}; a token works only for the app the merchant authorized`,
    )
  if (retired?.kind === 'access' && current) {
    if (now <= retired.valid_until) return { ok: true, grant: current }
    return refuse(
      'replaced-past-grace',
      current,
      'the app_auth_token was replaced by a refresh or a new authorization and its grace period is over; use the newest app_auth_token',
    )
  }
  if (cancelled)
    return refuse(
      'cancelled',
      cancelled,
      'the merchant cancelled this authorization; the merchant must authorize the app again',
    )
  return refuse(
    'unknown-token',
    undefined,
    'the app_auth_token is not one the emulator issued (or the emulator was reset, or restarted without --data-dir)',
  )
}

/** Whether the merchant granted `method` (docs/protocol.md: `aop.invalid-app-auth-token-no-api`). */
export function hasGranted(grant: PersistedGrant, method: string): boolean {
  return grant.auth_methods === undefined || grant.auth_methods.includes(method)
}

function refuse(
  rule: TokenRule,
  merchant: { user_id: string; auth_app_id: string } | undefined,
  detail: string,
): TokenLookup {
  const named = merchant && { user_id: merchant.user_id, auth_app_id: merchant.auth_app_id }
  return { ok: false, rule, detail, ...(named && { merchant: named }) }
}
