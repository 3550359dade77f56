import type { RegisteredApp } from './apps.js'
import type {
  MerchantRecord,
  PersistedCancelledToken,
  PersistedCode,
  PersistedGrant,
  PersistedInvite,
  PersistedRetiredToken,
} from './contract.js'
import { StubTable } from './stubs.js'

/**
 * Everything the emulator knows. A grant is one merchant app's authorization of one ISV app,
 * holding its current token pair; tokens rotated by a refresh live on in `retired` until their
 * grace ends.
 */
export class EngineState {
  readonly apps = new Map<string, RegisteredApp>()
  readonly merchants = new Map<string, MerchantRecord>()
  readonly codes = new Map<string, PersistedCode>()
  /** By `grantKey(app_id, auth_app_id)`. */
  readonly grants = new Map<string, PersistedGrant>()
  /** Current `app_auth_token` → grant key. */
  readonly accessTokens = new Map<string, string>()
  /** Current `app_refresh_token` → grant key. */
  readonly refreshTokens = new Map<string, string>()
  readonly retired = new Map<string, PersistedRetiredToken>()
  /** Invitation links by id. */
  readonly invites = new Map<string, PersistedInvite>()
  /** Access tokens of cancelled authorizations, so a business call with one is told why. */
  readonly cancelled = new Map<string, PersistedCancelledToken>()
  readonly stubs = new StubTable()

  putGrant(grant: PersistedGrant): void {
    const key = grantKey(grant.app_id, grant.auth_app_id)
    this.grants.set(key, grant)
    this.accessTokens.set(grant.app_auth_token, key)
    this.refreshTokens.set(grant.app_refresh_token, key)
  }

  /**
   * The merchant cancelled: removes a grant and every token it ever had, remembering its access
   * tokens as cancelled.
   */
  cancelGrant(key: string): PersistedGrant | undefined {
    const grant = this.grants.get(key)
    if (!grant) return undefined
    const { app_id, user_id, auth_app_id } = grant
    const cancel = (token: string) =>
      this.cancelled.set(token, { token, app_id, user_id, auth_app_id })
    this.grants.delete(key)
    this.accessTokens.delete(grant.app_auth_token)
    this.refreshTokens.delete(grant.app_refresh_token)
    cancel(grant.app_auth_token)
    for (const [token, retired] of this.retired) {
      if (grantKey(retired.app_id, retired.auth_app_id) !== key) continue
      this.retired.delete(token)
      if (retired.kind === 'access') cancel(token)
    }
    return grant
  }

  /** Moves a grant's current pair to `retired` until `validUntil` (refresh grace). */
  retirePair(grant: PersistedGrant, validUntil: number): void {
    this.accessTokens.delete(grant.app_auth_token)
    this.refreshTokens.delete(grant.app_refresh_token)
    const base = { app_id: grant.app_id, auth_app_id: grant.auth_app_id, valid_until: validUntil }
    this.retired.set(grant.app_auth_token, { ...base, token: grant.app_auth_token, kind: 'access' })
    this.retired.set(grant.app_refresh_token, {
      ...base,
      token: grant.app_refresh_token,
      kind: 'refresh',
    })
  }

  clear(): void {
    for (const map of [
      this.apps,
      this.merchants,
      this.codes,
      this.grants,
      this.accessTokens,
      this.refreshTokens,
      this.retired,
      this.invites,
      this.cancelled,
    ]) {
      map.clear()
    }
    this.stubs.clear()
  }
}

export function grantKey(appId: string, authAppId: string): string {
  return `${appId} ${authAppId}`
}
