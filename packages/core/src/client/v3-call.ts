import { randomUUID } from 'node:crypto'
import { AlipayResponseError, AlipaySignatureError } from '../errors.js'
import { aesDecrypt, aesEncrypt } from '../signer/aes.js'
import { signV3Request, verifyV3Response } from '../signer/v3.js'
import { toApiError } from './api-error.js'
import {
  type CallContext,
  type CallResult,
  type CallSecrets,
  optionalText,
  parseJsonObject,
} from './call-context.js'
import { redact } from './redact.js'
import { type HttpResult, sendHttp } from './transport.js'
import { explainUntrusted, keyAdvice, unverifiedV3Code } from './untrusted-answer.js'

/** The HTTP methods of Alipay's v3 API. */
export type V3HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface V3CallOptions extends CallSecrets {
  query?: Record<string, string>
  body?: Record<string, unknown>
  /** Sent as `alipay-app-auth-token` and signed (docs/protocol.md §4). */
  appAuthToken?: string
}

/**
 * One signed v3 call (docs/protocol.md §4); resolves with the verified JSON body of a 2xx answer.
 */
export async function callV3(
  context: CallContext,
  method: V3HttpMethod,
  path: string,
  options: V3CallOptions = {},
): Promise<CallResult> {
  const secrets = [
    ...(options.secrets ?? []),
    ...(options.appAuthToken ? [options.appAuthToken] : []),
  ]
  const pathWithQuery = options.query ? `${path}?${new URLSearchParams(options.query)}` : path
  const json = options.body === undefined ? '' : JSON.stringify(options.body)
  const body = context.encryptKey && json ? aesEncrypt(json, context.encryptKey) : json
  const { credentials } = context
  const { authorization } = signV3Request(
    { appId: context.appId, appCertSn: credentials.appCertSn, timestamp: context.clock() },
    { method, pathWithQuery, body, appAuthToken: options.appAuthToken },
    credentials.privateKey,
  )
  const headers: Record<string, string> = {
    authorization,
    'alipay-request-id': randomUUID(),
    'content-type': body !== json ? 'text/plain' : 'application/json',
  }
  if (body !== json) headers['alipay-encrypt-type'] = 'AES'
  if (credentials.alipayRootCertSn) headers['alipay-root-cert-sn'] = credentials.alipayRootCertSn
  if (options.appAuthToken) headers['alipay-app-auth-token'] = options.appAuthToken
  const operation = `${method} ${path}`
  const http = await sendHttp(
    context.fetch(),
    {
      url: `${context.endpoints.v3BaseUrl}${pathWithQuery}`,
      method,
      headers,
      body: body || undefined,
    },
    context.timeoutMs,
    operation,
  )
  const traceId = http.headers.get('alipay-trace-id') ?? undefined
  try {
    // Certificate mode: an answer signed by a certificate not seen yet fetches it first.
    if (context.credentials.appCertSn !== undefined && http.headers.has('alipay-signature')) {
      await context.alipayKeys.learn(http.headers.get('alipay-sn') ?? undefined)
    }
    return {
      data: readV3Response(context, http, operation, secrets, traceId),
      traceId,
      status: http.status,
    }
  } catch (error) {
    throw explainUntrusted(error, context, unverifiedV3Code(http.body))
  }
}

/** docs/protocol.md §4: every answer, errors included, is verified before its body is read. */
function readV3Response(
  context: CallContext,
  http: HttpResult,
  operation: string,
  secrets: readonly string[],
  traceId: string | undefined,
): Record<string, unknown> {
  const failed = http.status >= 400
  const signature = http.headers.get('alipay-signature')
  const signed = signature !== null
  if (signed) verifySignature(context, http, signature, operation, traceId)
  else if (!failed) {
    throw new AlipaySignatureError(
      `Alipay's answer to ${operation} carries no alipay-signature header; nothing in it was used.`,
      { traceId },
    )
  }
  const text =
    !failed && context.encryptKey && !http.body.trimStart().startsWith('{')
      ? aesDecrypt(http.body, context.encryptKey)
      : http.body
  const data = parseJsonObject(text)
  if (data === undefined) {
    throw new AlipayResponseError(
      `Alipay's answer to ${operation} (HTTP ${http.status}) is not a JSON object; nothing in it was used.${http.status >= 500 ? ' Retry later.' : ''}`,
      { httpStatus: http.status, rawBody: redact(http.body, secrets) },
    )
  }
  if (!failed) return data
  throw toApiError({
    operation,
    code: optionalText(data.code),
    subMsg: optionalText(data.message),
    traceId,
    httpStatus: http.status,
    rawBody: http.body,
    signed,
    secrets,
    response: data,
  })
}

function verifySignature(
  context: CallContext,
  http: HttpResult,
  signature: string,
  operation: string,
  traceId: string | undefined,
): void {
  const sn = http.headers.get('alipay-sn') ?? undefined
  const key = context.alipayKeys.keyFor(sn)
  if (!key) {
    throw new AlipaySignatureError(
      `Alipay signed its answer to ${operation} with certificate ${sn}, which is not among the configured Alipay certificates. Download Alipay's current public key certificate and configure it as alipayPublicCert.`,
      { traceId },
    )
  }
  const verified = verifyV3Response(
    {
      timestamp: http.headers.get('alipay-timestamp') ?? '',
      nonce: http.headers.get('alipay-nonce') ?? '',
      body: http.body,
      signature,
    },
    key,
  )
  if (!verified) {
    throw new AlipaySignatureError(
      `The signature of Alipay's answer to ${operation} does not verify; nothing in it was used. ${keyAdvice(context)}`,
      { traceId },
    )
  }
}
