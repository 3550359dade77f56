import {
  aesDecrypt,
  aesEncrypt,
  v2ResponseNodeName,
  v2SignContent,
  verifyContent,
} from '@alipay-isv/core/signer'
import type { AlipayCertificates } from './alipay-certificates.js'
import type { RegisteredApp } from './apps.js'
import { businessCall } from './business-call.js'
import { CERT_DOWNLOAD_METHOD, downloadCertificate } from './cert-download.js'
import type { EngineClock } from './clock.js'
import type { CertificateAuthority } from './contract.js'
import { type Failure, v2ErrorNode } from './error-codes.js'
import { isFormContentType, mergeParams, readBody } from './http.js'
import { checkCertificates, checkV2Common } from './request-checks.js'
import type { RequestNotes } from './request-log.js'
import type { Responder } from './responder.js'
import { quotedV2SignContent } from './signature-quote.js'
import type { EngineState } from './state.js'
import { stubNode } from './stub-answer.js'
import { checkTimestamp } from './timestamp-check.js'
import { TOKEN_METHODS, type TokenApi } from './token-api.js'

export interface GatewayV2Deps {
  state: EngineState
  clock: EngineClock
  responder: Responder
  tokenApi: TokenApi
  certificates: AlipayCertificates
  authority: CertificateAuthority | undefined
  maxBodyBytes: number
  /** Accept China time (UTC+8) only, instead of any zone in use. */
  strictTimestamps: boolean
}

/** What the gateway answers itself; every other method is a business call, answered by stubs. */
export const OWN_METHODS: readonly string[] = [...TOKEN_METHODS, CERT_DOWNLOAD_METHOD]

/**
 * `/gateway.do` (docs/protocol.md §3): strict about every common parameter, then the token methods,
 * or a business method for a merchant.
 */
export async function handleGatewayV2(
  request: Request,
  deps: GatewayV2Deps,
  notes: RequestNotes,
): Promise<Response> {
  const { responder } = deps
  const read = await readParams(request, deps.maxBodyBytes)
  if (!read.ok) return responder.v2Unsigned(v2ErrorNode(read.failure))
  const { params } = read
  notes.app_id = params.app_id
  notes.method = params.method
  if (!params.app_id)
    return responder.v2Unsigned(
      v2ErrorNode({ kind: 'missing-app-id', detail: 'the request has no app_id' }),
    )
  if (!params.method)
    return responder.v2Unsigned(
      v2ErrorNode({ kind: 'missing-method', detail: 'the request has no method' }),
    )
  const app = deps.state.apps.get(params.app_id)
  if (!app) {
    return responder.v2Unsigned(
      v2ErrorNode({
        kind: 'invalid-app-id',
        detail: `app_id ${params.app_id} is not registered with the emulator; register it with POST /__admin/apps`,
      }),
    )
  }
  const certMode = Boolean(params.app_cert_sn)
  const business = !OWN_METHODS.includes(params.method)
  const nodeName = v2ResponseNodeName(params.method)
  const answer = (nodeContent: string) => responder.v2Signed(nodeName, nodeContent, certMode)
  const fail = (failure: Failure) => answer(JSON.stringify(v2ErrorNode(failure)))

  const timestamp = checkTimestamp(params.timestamp ?? '', deps.clock, deps.strictTimestamps)
  if (timestamp.ok && timestamp.warning) notes.warnings = [timestamp.warning]
  const checked =
    checkV2Common(params) ??
    (timestamp.ok ? undefined : timestamp.failure) ??
    (certMode
      ? checkCertificates(app, params.app_cert_sn ?? '', params.alipay_root_cert_sn, deps.authority)
      : undefined)
  if (checked) return fail(checked)
  const signedString = v2SignContent(params)
  const signType = params.sign_type === 'RSA' ? 'RSA' : 'RSA2'
  const verified = verifyContent(signedString, params.sign ?? '', app.publicKey, signType)
  const quoted = verified ? '' : quotedV2SignContent(params)
  notes.verification = verified
    ? { ok: true }
    : {
        ok: false,
        signed_string: quoted,
        reason: 'the signature does not verify with the app’s registered public key',
      }
  if (!verified) return fail({ kind: 'invalid-signature', detail: quoted })

  // A business method may have no biz_content at all; the token APIs need one.
  const biz = business && !params.biz_content ? { value: {} } : parseBizContent(params, app)
  if ('failure' in biz) return fail(biz.failure)
  const encrypt = (node: string) => {
    const aesKey = app.registration.aes_key
    return params.encrypt_type === 'AES' && aesKey ? JSON.stringify(aesEncrypt(node, aesKey)) : node
  }
  if (business) {
    if (!params.app_auth_token && biz.value.app_auth_token !== undefined)
      notes.warnings = [...(notes.warnings ?? []), TOKEN_IN_BIZ_CONTENT]
    const target = { v3: false as const, method: params.method }
    const called = businessCall(deps, app, target, params.app_auth_token, notes)
    if (!called.ok) return fail(called.failure)
    return answer(encrypt(stubNode(called.stub)))
  }
  if (typeof biz.value.grant_type === 'string') notes.grant_type = biz.value.grant_type
  const download = params.method === CERT_DOWNLOAD_METHOD
  const result = download
    ? downloadCertificate(deps.certificates, biz.value)
    : deps.tokenApi.call(app, params.method, biz.value)
  if (!result.ok) return fail(result.failure)
  const node = JSON.stringify({ code: '10000', msg: 'Success', ...result.value })
  if (download) return responder.v2UnsignedNode(nodeName, node)
  return answer(encrypt(node))
}

/** docs/protocol.md §9: the mistake that makes a call the ISV's own. */
const TOKEN_IN_BIZ_CONTENT =
  'biz_content carries app_auth_token, and no app_auth_token parameter was sent: Alipay reads the token only from the common parameter app_auth_token, so this call runs as the ISV itself, not for the merchant'

type Params = { ok: true; params: Record<string, string> } | { ok: false; failure: Failure }

async function readParams(request: Request, maxBodyBytes: number): Promise<Params> {
  const read = await readBody(request, maxBodyBytes)
  if (!read.ok) return { ok: false, failure: { kind: 'invalid-parameter', detail: read.detail } }
  const { body } = read
  if (body !== '' && !isFormContentType(request)) {
    const type = request.headers.get('content-type') ?? '(none)'
    return {
      ok: false,
      failure: {
        kind: 'invalid-parameter',
        detail: `gateway.do takes an application/x-www-form-urlencoded body; got content-type ${type}`,
      },
    }
  }
  const merged = mergeParams(new URL(request.url).searchParams, new URLSearchParams(body))
  if (!merged.ok)
    return {
      ok: false,
      failure: {
        kind: 'invalid-parameter',
        detail: `the parameter ${merged.duplicate} is given twice with different values`,
      },
    }
  return { ok: true, params: merged.params }
}

/**
 * biz_content is a JSON object; with `encrypt_type=AES` it is first decrypted (docs/protocol.md
 * §6).
 */
function parseBizContent(
  params: Record<string, string>,
  app: RegisteredApp,
): { value: Record<string, unknown> } | { failure: Failure } {
  let text = params.biz_content
  if (!text) return { failure: { kind: 'invalid-parameter', detail: 'biz_content is missing' } }
  if (params.encrypt_type === 'AES') {
    const key = app.registration.aes_key
    if (!key)
      return {
        failure: {
          kind: 'invalid-parameter',
          detail: 'encrypt_type=AES, but the app has no aes_key registered with the emulator',
        },
      }
    try {
      text = aesDecrypt(text, key)
    } catch {
      return {
        failure: {
          kind: 'invalid-parameter',
          detail: 'biz_content does not decrypt with the app’s aes_key',
        },
      }
    }
  } else if (params.encrypt_type) {
    return {
      failure: {
        kind: 'invalid-parameter',
        detail: `encrypt_type must be AES, got ${params.encrypt_type}`,
      },
    }
  }
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return { value: value as Record<string, unknown> }
  } catch {}
  return { failure: { kind: 'invalid-parameter', detail: 'biz_content is not a JSON object' } }
}
