import { type AlipayApiError, AlipayResponseError, AlipaySignatureError } from '../errors.js'
import { aesEncrypt } from '../signer/aes.js'
import { formatChinaTime } from '../signer/timestamp.js'
import { signV2Params } from '../signer/v2-request.js'
import { type OpenedV2Response, openV2Response, splitV2Response } from '../signer/v2-response.js'
import { toApiError } from './api-error.js'
import {
  type CallContext,
  type CallResult,
  type CallSecrets,
  optionalText,
  rethrowRedacted,
} from './call-context.js'
import { redact } from './redact.js'
import { type HttpResult, sendHttp } from './transport.js'
import { explainUntrusted, keyAdvice, unverifiedV2Code } from './untrusted-answer.js'

export interface V2CallOptions extends CallSecrets {
  /** Call on behalf of a merchant (docs/protocol.md §3 `app_auth_token`). */
  appAuthToken?: string
}

const SUCCESS = '10000'

/**
 * One signed gateway call (docs/protocol.md §3); resolves with the verified response node of a
 * success.
 */
export async function callV2(
  context: CallContext,
  method: string,
  bizContent: Record<string, unknown>,
  options: V2CallOptions = {},
): Promise<CallResult> {
  const secrets = [
    ...(options.secrets ?? []),
    ...(options.appAuthToken ? [options.appAuthToken] : []),
  ]
  const http = await sendV2(context, method, bizContent, options, secrets)
  const traceId = http.headers.get('alipay-trace-id') ?? undefined
  let opened: OpenedV2Response
  try {
    // Certificate mode: a response signed by a certificate not seen yet fetches it first.
    if (context.credentials.appCertSn !== undefined) {
      await context.alipayKeys.learn(splitV2Response(http.body, method).alipayCertSn)
    }
    opened = openV2Response(http.body, method, {
      alipayPublicKey: (sn) => context.alipayKeys.keyFor(sn),
      encryptKey: context.encryptKey,
      keyAdvice: keyAdvice(context),
    })
  } catch (error) {
    const explained = explainUntrusted(error, context, unverifiedV2Code(http.body, method))
    rethrowRedacted(explained, secrets, method, traceId)
  }
  return { data: successData(opened, http, method, secrets), traceId, status: http.status }
}

/** Signs and sends a gateway call; resolves with the raw answer of a 2xx, unverified. */
export async function sendV2(
  context: CallContext,
  method: string,
  bizContent: Record<string, unknown>,
  options: V2CallOptions = {},
  secrets: readonly string[] = [],
): Promise<HttpResult> {
  const http = await sendHttp(
    context.fetch(),
    {
      url: context.endpoints.gateway,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(signedParams(context, method, bizContent, options)).toString(),
    },
    context.timeoutMs,
    method,
  )
  if (http.status < 200 || http.status >= 300) {
    throw new AlipayResponseError(
      `${method}: Alipay's gateway answered HTTP ${http.status}${http.status >= 500 ? '; retry later' : '; check the gateway URL'}.`,
      { httpStatus: http.status, rawBody: redact(http.body, secrets) },
    )
  }
  return http
}

function signedParams(
  context: CallContext,
  method: string,
  bizContent: Record<string, unknown>,
  options: V2CallOptions,
): Record<string, string> {
  const json = JSON.stringify(bizContent)
  const params: Record<string, string | undefined> = {
    app_id: context.appId,
    method,
    format: 'JSON',
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: formatChinaTime(context.clock()),
    version: '1.0',
    biz_content: context.encryptKey ? aesEncrypt(json, context.encryptKey) : json,
    encrypt_type: context.encryptKey ? 'AES' : undefined,
    app_auth_token: options.appAuthToken,
    app_cert_sn: context.credentials.appCertSn,
    alipay_root_cert_sn: context.credentials.alipayRootCertSn,
  }
  const defined: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) if (value) defined[name] = value
  defined.sign = signV2Params(defined, context.credentials.privateKey)
  return defined
}

/**
 * docs/protocol.md §3: a success is used only when signed; an unsigned node can only ever be an
 * error.
 */
function successData(
  opened: OpenedV2Response,
  http: HttpResult,
  method: string,
  secrets: readonly string[],
): Record<string, unknown> {
  const { data } = opened
  const code = optionalText(data.code)
  if (opened.nodeName !== 'error_response' && code === SUCCESS) {
    if (opened.verified) return data
    throw new AlipaySignatureError(
      `Alipay's response to ${method} claims success but carries no signature; nothing in it was used. Check that the gateway URL points at Alipay (or the emulator), not a proxy that rewrites responses.`,
      { traceId: http.headers.get('alipay-trace-id') ?? undefined },
    )
  }
  throw v2NodeError(data, http, method, opened.verified, secrets)
}

/** The error a v2 node with `code` ≠ 10000 stands for (docs/protocol.md §3). */
export function v2NodeError(
  node: Record<string, unknown>,
  http: HttpResult,
  method: string,
  signed: boolean,
  secrets: readonly string[],
): AlipayApiError {
  return toApiError({
    operation: method,
    code: optionalText(node.code),
    subCode: optionalText(node.sub_code),
    subMsg: optionalText(node.sub_msg),
    traceId: http.headers.get('alipay-trace-id') ?? undefined,
    httpStatus: http.status,
    rawBody: http.body,
    signed,
    secrets,
    response: node,
  })
}
