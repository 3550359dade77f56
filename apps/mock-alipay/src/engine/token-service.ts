import { randomBytes } from 'node:crypto'
import { formatChinaTime } from '@alipay-isv/core/signer'
import type { EngineClock } from './clock.js'
import type { PersistedCode, PersistedGrant } from './contract.js'
import type { Failure } from './error-codes.js'
import { type EngineState, grantKey } from './state.js'
import { lookUpToken } from './token-rules.js'

/** Observed value (docs/protocol.md §3). */
export const RE_EXPIRES_IN = 32_140_800
/** docs/protocol.md §2: a code is single-use and expires 24 hours after issue. */
const CODE_LIFETIME_MS = 24 * 60 * 60 * 1000

export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: Failure }

/**
 * Codes, token pairs and their rotation: the rules of docs/protocol.md §2–3 over the engine clock.
 */
export class TokenService {
  constructor(
    private readonly state: EngineState,
    private readonly clock: EngineClock,
    private readonly refreshGraceMs: number,
  ) {}

  /**
   * The merchant approved `authMethods` (absent: every API): fresh pairs for each of its apps and
   * a code. A pair this replaces keeps working for the grace, as after a refresh.
   */
  authorize(
    appId: string,
    userId: string,
    authAppIds: string[],
    authMethods?: string[],
  ): { code: PersistedCode; grants: PersistedGrant[] } {
    const now = this.clock.now()
    const grants = authAppIds.map((authAppId) => {
      const replaced = this.state.grants.get(grantKey(appId, authAppId))
      if (replaced) this.state.retirePair(replaced, now + this.refreshGraceMs)
      const grant: PersistedGrant = {
        app_id: appId,
        user_id: userId,
        auth_app_id: authAppId,
        ...this.newPair(now),
        issued_at: now,
        auth_start: now,
        ...(authMethods && { auth_methods: authMethods }),
      }
      this.state.putGrant(grant)
      return grant
    })
    const code = {
      code: randomBytes(16).toString('hex'),
      app_id: appId,
      user_id: userId,
      auth_app_ids: authAppIds,
      issued_at: now,
      used: false,
    }
    this.state.codes.set(code.code, code)
    return { code, grants }
  }

  exchangeCode(appId: string, codeValue: string): Outcome<PersistedGrant[]> {
    const code = this.state.codes.get(codeValue)
    if (!code) return fail('code-not-exist', 'no such app_auth_code was issued')
    if (code.app_id !== appId)
      return fail('app-id-not-consistent', `the code was issued to app ${code.app_id}`)
    if (code.used)
      return fail('code-not-valid', 'the code was already exchanged; codes are single-use')
    if (this.clock.now() > code.issued_at + CODE_LIFETIME_MS)
      return fail('code-not-valid', 'the code expired 24 hours after issue')
    code.used = true
    const grants = code.auth_app_ids.flatMap(
      (authAppId) => this.state.grants.get(grantKey(appId, authAppId)) ?? [],
    )
    if (grants.length === 0)
      return fail('code-not-valid', 'the merchant cancelled this authorization')
    return { ok: true, value: grants }
  }

  /**
   * Rotates the pair. The old refresh token stays usable for the grace period and then answers
   * the current pair without rotating again, so two instances racing to refresh both succeed.
   */
  refresh(appId: string, refreshToken: string): Outcome<PersistedGrant> {
    const now = this.clock.now()
    const key = this.state.refreshTokens.get(refreshToken)
    const grant = key === undefined ? undefined : this.state.grants.get(key)
    if (grant && grant.app_id === appId) {
      if (now > grant.issued_at + RE_EXPIRES_IN * 1000)
        return fail(
          'refresh-token-time-out',
          'the refresh token is older than re_expires_in; the merchant must authorize again',
        )
      this.state.retirePair(grant, now + this.refreshGraceMs)
      const rotated = { ...grant, ...this.newPair(now), issued_at: now }
      this.state.putGrant(rotated)
      return { ok: true, value: rotated }
    }
    const retired = this.state.retired.get(refreshToken)
    if (retired?.kind !== 'refresh' || retired.app_id !== appId)
      return fail('refresh-token-not-exist', 'no such app_refresh_token for this app')
    const current = this.state.grants.get(grantKey(retired.app_id, retired.auth_app_id))
    if (now > retired.valid_until || !current)
      return fail(
        'refresh-token-not-valid',
        'this refresh token was replaced by a refresh and its grace period is over; use the newest app_refresh_token',
      )
    return { ok: true, value: current }
  }

  /**
   * The grant behind a token, for the token query: current, or replaced and still within its
   * grace. With `enforceExpiry`, a current token older than `expires_in` has timed out.
   */
  query(appId: string, token: string, enforceExpiry = false): Outcome<PersistedGrant> {
    const found = lookUpToken(this.state, this.clock, appId, token, enforceExpiry)
    if (found.ok) return { ok: true, value: found.grant }
    if (found.rule === 'timed-out') return fail('auth-token-time-out', found.detail)
    return fail('auth-token-not-found', found.detail)
  }

  /** The merchant cancels every authorization it gave this app. */
  cancel(appId: string, userId: string): PersistedGrant[] {
    const cancelled: PersistedGrant[] = []
    for (const [key, grant] of [...this.state.grants]) {
      if (grant.app_id === appId && grant.user_id === userId) {
        this.state.cancelGrant(key)
        cancelled.push(grant)
      }
    }
    return cancelled
  }

  private newPair(now: number): { app_auth_token: string; app_refresh_token: string } {
    const month = formatChinaTime(now).slice(0, 7).replace('-', '')
    return {
      app_auth_token: `${month}BB${randomBytes(16).toString('hex')}`,
      app_refresh_token: `${month}BB${randomBytes(16).toString('hex')}`,
    }
  }
}

function fail(kind: Failure['kind'], detail: string): { ok: false; failure: Failure } {
  return { ok: false, failure: { kind, detail } }
}
