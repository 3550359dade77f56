import {
  aesDecrypt,
  aesEncrypt,
  parseV3Authorization,
  V3_AUTH_SCHEME,
  v3SignContent,
  verifyContent,
} from '@alipay-isv/core/signer'
import type { RegisteredApp } from './apps.js'
import { businessCall } from './business-call.js'
import { type Failure, v3Error } from './error-codes.js'
import type { GatewayV2Deps } from './gateway-v2.js'
import { readBody } from './http.js'
import { checkCertificates } from './request-checks.js'
import type { RequestNotes } from './request-log.js'
import { quotedV3SignContent } from './signature-quote.js'
import { v3StubAnswer } from './stub-answer.js'
import { methodOfV3Path } from './stubs.js'
import { checkEpochTimestamp } from './timestamp-check.js'
import { QUERY_METHOD, TOKEN_METHOD } from './token-api.js'

const V3_ROUTES: Readonly<Record<string, { httpMethod: string; method: string }>> = {
  '/v3/alipay/open/auth/token/app': { httpMethod: 'POST', method: TOKEN_METHOD },
  '/v3/alipay/open/auth/token/app/query': { httpMethod: 'GET', method: QUERY_METHOD },
}

/**
 * The v3 API (docs/protocol.md §4): signed `authorization` header, JSON (or AES text) body; the
 * token API, or any other `/v3/…` path as a business API (docs/protocol.md §9), after the same
 * checks and signature.
 */
export async function handleGatewayV3(
  request: Request,
  deps: GatewayV2Deps,
  notes: RequestNotes,
): Promise<Response> {
  const url = new URL(request.url)
  const route = V3_ROUTES[url.pathname]
  const certMode = Boolean(
    parseV3Authorization(request.headers.get('authorization') ?? '')?.fields.app_cert_sn,
  )
  const fail = (failure: Failure) => {
    const { status, body } = v3Error(failure)
    return deps.responder.v3(status, JSON.stringify(body), certMode)
  }
  notes.method = methodOfV3Path(url.pathname)
  if (route && request.method !== route.httpMethod)
    return fail({
      kind: 'invalid-method',
      detail: `${url.pathname} takes ${route.httpMethod}, not ${request.method}`,
    })
  const read = await readBody(request, deps.maxBodyBytes)
  if (!read.ok) return fail({ kind: 'invalid-parameter', detail: read.detail })
  const authenticated = authenticate(request, url, read.body, deps, notes)
  if (!authenticated.ok) return fail(authenticated.failure)
  const { app } = authenticated
  const encrypted = request.headers.get('alipay-encrypt-type') === 'AES'
  const answered = route
    ? tokenApiAnswer(request, url, route, read.body, encrypted, app, deps, notes)
    : businessAnswer(request, url, app, deps, notes)
  if (!answered.ok) return fail(answered.failure)
  const { status, body } = answered
  const aesKey = app.registration.aes_key
  if (encrypted && aesKey)
    return deps.responder.v3(status, aesEncrypt(body, aesKey), certMode, 'text/plain;charset=utf-8')
  return deps.responder.v3(status, body, certMode)
}

type Answered = { ok: true; status: number; body: string } | { ok: false; failure: Failure }

/** The token API's answer: its biz content from the query (GET) or the body (POST). */
function tokenApiAnswer(
  request: Request,
  url: URL,
  route: { httpMethod: string; method: string },
  rawBody: string,
  encrypted: boolean,
  app: RegisteredApp,
  deps: GatewayV2Deps,
  notes: RequestNotes,
): Answered {
  const parsed =
    route.httpMethod === 'GET'
      ? { ok: true as const, biz: Object.fromEntries(url.searchParams) }
      : parseBody(request, rawBody, encrypted, app)
  if (!parsed.ok) return parsed
  const { biz } = parsed
  if (typeof biz.grant_type === 'string') notes.grant_type = biz.grant_type
  const result = deps.tokenApi.call(app, route.method, biz)
  if (!result.ok) return result
  return { ok: true, status: 200, body: JSON.stringify(result.value) }
}

/** A business API's answer: the `alipay-app-auth-token` header's rules, then the stub. */
function businessAnswer(
  request: Request,
  url: URL,
  app: RegisteredApp,
  deps: GatewayV2Deps,
  notes: RequestNotes,
): Answered {
  const target = { v3: true as const, httpMethod: request.method, path: url.pathname }
  const token = request.headers.get('alipay-app-auth-token') ?? undefined
  const called = businessCall(deps, app, target, token, notes)
  if (!called.ok) return called
  return { ok: true, ...v3StubAnswer(called.stub) }
}

type Authenticated = { ok: true; app: RegisteredApp } | { ok: false; failure: Failure }

function authenticate(
  request: Request,
  url: URL,
  body: string,
  deps: GatewayV2Deps,
  notes: RequestNotes,
): Authenticated {
  const header = request.headers.get('authorization')
  const auth = header ? parseV3Authorization(header) : undefined
  if (!auth || auth.scheme !== V3_AUTH_SCHEME) {
    return {
      ok: false,
      failure: {
        kind: 'missing-signature',
        detail: `send an authorization header "${V3_AUTH_SCHEME} app_id=…,nonce=…,timestamp=…,sign=…"`,
      },
    }
  }
  const { app_id: appId, timestamp, app_cert_sn: appCertSn } = auth.fields
  notes.app_id = appId
  if (!appId)
    return {
      ok: false,
      failure: { kind: 'missing-app-id', detail: 'the authorization header has no app_id' },
    }
  const app = deps.state.apps.get(appId)
  if (!app)
    return {
      ok: false,
      failure: {
        kind: 'invalid-app-id',
        detail: `app_id ${appId} is not registered with the emulator; register it with POST /__admin/apps`,
      },
    }
  if (!timestamp || !/^\d+$/.test(timestamp))
    return {
      ok: false,
      failure: {
        kind: 'missing-timestamp',
        detail: 'the authorization header needs timestamp=<epoch milliseconds>',
      },
    }
  const stale = checkEpochTimestamp(timestamp, deps.clock)
  if (stale) return { ok: false, failure: stale }
  if (appCertSn) {
    const certFailure = checkCertificates(
      app,
      appCertSn,
      request.headers.get('alipay-root-cert-sn') ?? undefined,
      deps.authority,
    )
    if (certFailure) return { ok: false, failure: certFailure }
  }
  const appAuthToken = request.headers.get('alipay-app-auth-token') ?? undefined
  const signed = v3SignContent(auth.authString, {
    method: request.method,
    pathWithQuery: url.pathname + url.search,
    body,
    appAuthToken,
  })
  if (!verifyContent(signed, auth.sign, app.publicKey)) {
    const quoted = quotedV3SignContent(auth.authString, {
      method: request.method,
      pathWithQuery: url.pathname + url.search,
      body,
      appAuthToken,
      encrypted: request.headers.get('alipay-encrypt-type') === 'AES',
    })
    notes.verification = {
      ok: false,
      signed_string: quoted,
      reason: 'the signature does not verify with the app’s registered public key',
    }
    return { ok: false, failure: { kind: 'invalid-signature', detail: quoted } }
  }
  notes.verification = { ok: true }
  return { ok: true, app }
}

type ParsedBody = { ok: true; biz: Record<string, unknown> } | { ok: false; failure: Failure }

function parseBody(
  request: Request,
  body: string,
  encrypted: boolean,
  app: RegisteredApp,
): ParsedBody {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
  const expected = encrypted ? 'text/plain' : 'application/json'
  if (type !== expected)
    return invalid(`the body must be sent as content-type ${expected}, got ${type || '(none)'}`)
  let text = body
  if (encrypted) {
    const key = app.registration.aes_key
    if (!key)
      return invalid(
        'alipay-encrypt-type is AES, but the app has no aes_key registered with the emulator',
      )
    try {
      text = aesDecrypt(body, key)
    } catch {
      return invalid('the body does not decrypt with the app’s aes_key')
    }
  }
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return { ok: true, biz: value as Record<string, unknown> }
  } catch {}
  return invalid('the body is not a JSON object')
}

function invalid(detail: string): ParsedBody {
  return { ok: false, failure: { kind: 'invalid-parameter', detail } }
}
