import { formatChinaTime } from '@alipay-isv/core/signer'
import type { RegisteredApp } from './apps.js'
import type { EngineClock } from './clock.js'
import type { PersistedGrant } from './contract.js'
import type { StubTable } from './stubs.js'
import { EXPIRES_IN } from './token-rules.js'
import { type Outcome, RE_EXPIRES_IN, type TokenService } from './token-service.js'

export const TOKEN_METHOD = 'alipay.open.auth.token.app'
export const QUERY_METHOD = 'alipay.open.auth.token.app.query'
export const TOKEN_METHODS: readonly string[] = [TOKEN_METHOD, QUERY_METHOD]

/** Business fields of a token API answer, shared by v2 (inside the node) and v3 (the body). */
export type TokenApiResult = Record<string, unknown>

/**
 * docs/protocol.md §3 methods over parsed business parameters (v2 biz_content, v3 body or query).
 */
export class TokenApi {
  constructor(
    private readonly tokens: TokenService,
    private readonly clock: EngineClock,
    private readonly stubs: StubTable,
  ) {}

  call(app: RegisteredApp, method: string, biz: Record<string, unknown>): Outcome<TokenApiResult> {
    return method === QUERY_METHOD ? this.query(app, biz) : this.token(app, biz)
  }

  private token(app: RegisteredApp, biz: Record<string, unknown>): Outcome<TokenApiResult> {
    const appId = app.registration.app_id
    if (biz.grant_type === 'authorization_code') {
      const code = requireString(biz, 'code')
      if (!code.ok) return code
      const exchanged = this.tokens.exchangeCode(appId, code.value)
      return exchanged.ok ? { ok: true, value: tokenFields(app, exchanged.value) } : exchanged
    }
    if (biz.grant_type === 'refresh_token') {
      const refreshToken = requireString(biz, 'refresh_token')
      if (!refreshToken.ok) return refreshToken
      const refreshed = this.tokens.refresh(appId, refreshToken.value)
      return refreshed.ok ? { ok: true, value: tokenFields(app, [refreshed.value]) } : refreshed
    }
    const detail =
      biz.grant_type === undefined
        ? 'grant_type is missing'
        : `grant_type ${JSON.stringify(biz.grant_type)} is neither authorization_code nor refresh_token`
    return { ok: false, failure: { kind: 'grant-type-invalid', detail } }
  }

  private query(app: RegisteredApp, biz: Record<string, unknown>): Outcome<TokenApiResult> {
    const token = requireString(biz, 'app_auth_token')
    if (!token.ok) return token
    const found = this.tokens.query(
      app.registration.app_id,
      token.value,
      app.tokenExpiry === 'enforce',
    )
    if (!found.ok) return found
    const grant = found.value
    const elapsedSeconds = Math.floor((this.clock.now() - grant.issued_at) / 1000)
    return {
      ok: true,
      value: {
        user_id: grant.user_id,
        auth_app_id: grant.auth_app_id,
        expires_in: Math.max(0, EXPIRES_IN - elapsedSeconds),
        // Every API granted: those the emulator answers for this merchant, its stubs' methods.
        auth_methods: grant.auth_methods ?? this.stubs.methodsFor(grant.app_id, grant.auth_app_id),
        auth_start: formatChinaTime(grant.auth_start),
        auth_end: formatChinaTime(grant.issued_at + EXPIRES_IN * 1000),
        status: 'valid',
      },
    }
  }
}

/**
 * The app's chosen shape (docs/protocol.md §3): `tokens[]`, legacy flat fields (first token), or
 * both.
 */
function tokenFields(app: RegisteredApp, grants: PersistedGrant[]): TokenApiResult {
  const tokens = grants.map((grant) => ({
    app_auth_token: grant.app_auth_token,
    app_refresh_token: grant.app_refresh_token,
    auth_app_id: grant.auth_app_id,
    user_id: grant.user_id,
    expires_in: EXPIRES_IN,
    re_expires_in: RE_EXPIRES_IN,
  }))
  if (app.shape === 'tokens') return { tokens }
  if (app.shape === 'flat') return { ...tokens[0] }
  return { ...tokens[0], tokens }
}

function requireString(biz: Record<string, unknown>, field: string): Outcome<string> {
  const value = biz[field]
  if (typeof value === 'string' && value !== '') return { ok: true, value }
  return {
    ok: false,
    failure: { kind: 'invalid-parameter', detail: `${field} is missing or not a string` },
  }
}
