import type { RegisteredApp } from './apps.js'
import type { EngineClock } from './clock.js'
import type { Stub, TokenRule } from './contract.js'
import type { Failure, FailureKind } from './error-codes.js'
import type { RequestNotes } from './request-log.js'
import type { EngineState } from './state.js'
import { type BusinessCall, methodOfV3Path, type StubFor } from './stubs.js'
import { hasGranted, lookUpToken } from './token-rules.js'

export type BusinessTarget =
  | { v3: false; method: string }
  | { v3: true; httpMethod: string; path: string }

const REFUSAL: Record<TokenRule, FailureKind> = {
  'unknown-token': 'app-auth-token-invalid',
  'other-app-token': 'app-auth-token-invalid',
  cancelled: 'app-auth-token-invalid',
  'replaced-past-grace': 'app-auth-token-invalid',
  'timed-out': 'app-auth-token-time-out',
  'api-not-granted': 'app-auth-token-no-api',
}

/**
 * A business call that passed the request checks (docs/protocol.md §9):
 * its `app_auth_token` (none: the ISV's own call), then the stub that answers it. The notes name
 * the merchant, and the rule that refused the token.
 */
export function businessCall<Target extends BusinessTarget>(
  deps: { state: EngineState; clock: EngineClock },
  app: RegisteredApp,
  target: Target,
  appAuthToken: string | undefined,
  notes: RequestNotes,
): { ok: true; stub: StubFor<Target> } | { ok: false; failure: Failure } {
  const appId = app.registration.app_id
  const method = target.v3 ? methodOfV3Path(target.path) : target.method
  let authAppId: string | undefined
  if (appAuthToken) {
    const enforceExpiry = app.tokenExpiry === 'enforce'
    const found = lookUpToken(deps.state, deps.clock, appId, appAuthToken, enforceExpiry)
    if (!found.ok) {
      notes.token_rule = found.rule
      if (found.merchant) notes.merchant = found.merchant
      return { ok: false, failure: { kind: REFUSAL[found.rule], detail: found.detail } }
    }
    const { grant } = found
    notes.merchant = { user_id: grant.user_id, auth_app_id: grant.auth_app_id }
    if (!hasGranted(grant, method)) {
      notes.token_rule = 'api-not-granted'
      const granted = grant.auth_methods?.join(', ') || 'none'
      return {
        ok: false,
        failure: {
          kind: REFUSAL['api-not-granted'],
          detail: `merchant app ${grant.auth_app_id} did not grant ${method} (granted: ${granted}); it must authorize again with that API, a refresh does not add it`,
        },
      }
    }
    authAppId = grant.auth_app_id
  }
  const call: BusinessCall = target.v3
    ? { ...target, appId, authAppId }
    : { v3: false, method, appId, authAppId }
  // The call is of the target's version, and so is the stub that answers it.
  const stub = deps.state.stubs.match(call) as StubFor<Target> | undefined
  if (!stub)
    return { ok: false, failure: { kind: 'invalid-method', detail: noStub(call, deps.state) } }
  notes.stub_id = stub.id
  return { ok: true, stub }
}

/** What the developer should do: the admin call that would answer this call. */
function noStub(call: BusinessCall, state: EngineState): string {
  const example = call.v3
    ? `{"http_method":"${call.httpMethod}","path":"${call.path}","body":{…}}`
    : `{"method":"${call.method}","response":{…}}`
  const what = call.v3 ? `${call.httpMethod} ${call.path}` : call.method
  // Newest first: most likely the stub the developer just added.
  const scopes = state.stubs.outOfScope(call).reverse().map(describeScope)
  const shown = scopes.length > 3 ? [...scopes.slice(0, 3), `${scopes.length - 3} more`] : scopes
  const caller = call.authAppId
    ? `app ${call.appId} for merchant app ${call.authAppId}`
    : `app ${call.appId} on its own behalf (no app_auth_token)`
  const near =
    shown.length > 0
      ? `; the stubs for it answer only ${shown.join('; ')}, and this call is by ${caller}`
      : ''
  return `mock-alipay has no stub for ${what}${near}; add one with POST /__admin/stubs ${example}`
}

function describeScope(stub: Stub): string {
  const parts = [
    stub.app_id && `app ${stub.app_id}`,
    stub.auth_app_id && `merchant app ${stub.auth_app_id}`,
  ]
  return parts.filter(Boolean).join(' for ')
}
