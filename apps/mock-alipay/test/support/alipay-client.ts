import type { KeyObject } from 'node:crypto'
import { parsePublicKey, toPem } from '@alipay-isv/core'
import {
  aesDecrypt,
  aesEncrypt,
  formatChinaTime,
  openV2Response,
  signV2Params,
  signV3Request,
  verifyV3Response,
} from '@alipay-isv/core/signer'
import { testKeyPair } from '@alipay-isv/core/testing'

/** A way to reach the emulator: its engine in process, the HTTP server, or msw. */
export interface EmulatorTransport {
  fetch: typeof fetch
  baseUrl: string
}

/** One RSA key pair for every test app (core's `testKeyPair`): one per test would dominate the run. */
export function testAppKeys(): { privateKey: KeyObject; publicKeyPem: string } {
  const { privateKey, publicKey } = testKeyPair('app')
  return { privateKey, publicKeyPem: toPem(publicKey) }
}

export interface V2Call {
  appId: string
  method: string
  biz?: Record<string, unknown>
  /** Extra or overriding common parameters; `undefined` removes one. */
  params?: Record<string, string | undefined>
  privateKey?: KeyObject
}

export interface V2Result {
  status: number
  body: string
  /** The parsed node: the method's, or `error_response`. */
  node: Record<string, unknown>
  nodeName: string
  /** Whether the node carried a sign that verified with the emulator's key. */
  verified: boolean
  headers: Headers
}

/** A v2 gateway call signed with core's signer, the response opened with core's verifier. */
export async function callV2(emulator: EmulatorTransport, call: V2Call): Promise<V2Result> {
  const params: Record<string, string> = {
    app_id: call.appId,
    method: call.method,
    format: 'JSON',
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: formatChinaTime(Date.now()),
    version: '1.0',
    ...(call.biz && { biz_content: JSON.stringify(call.biz) }),
  }
  for (const [name, value] of Object.entries(call.params ?? {})) {
    if (value === undefined) delete params[name]
    else params[name] = value
  }
  if (!('sign' in (call.params ?? {}))) {
    params.sign = signV2Params(params, call.privateKey ?? testAppKeys().privateKey)
  }
  const response = await emulator.fetch(`${emulator.baseUrl}/gateway.do?charset=utf-8`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    body: new URLSearchParams(params).toString(),
  })
  const body = await response.text()
  const opened = openV2Response(body, call.method, { alipayPublicKey: await alipayKey(emulator) })
  return {
    status: response.status,
    body,
    node: opened.data,
    nodeName: opened.nodeName,
    verified: opened.verified,
    headers: response.headers,
  }
}

export interface V3Result {
  status: number
  /** The body as received (ciphertext for an AES answer). */
  text: string
  /** The body parsed, decrypted first when it is an AES answer. */
  data: Record<string, unknown>
  verified: boolean
  headers: Headers
}

export interface V3Call {
  appId: string
  httpMethod: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  pathWithQuery: string
  body?: unknown
  privateKey?: KeyObject
  /** Certificate mode: the app certificate's SN, signed into the authorization header. */
  appCertSn?: string
  /**
   * docs/protocol.md §6: the body goes encrypted as text/plain, and an encrypted answer is
   * decrypted.
   */
  encryptKey?: string
  /** Extra or overriding request headers. */
  headers?: Record<string, string>
  /** A merchant's token: sent as `alipay-app-auth-token` and signed (docs/protocol.md §4). */
  appAuthToken?: string
}

/** A v3 call signed with core's signer, the answer verified with the emulator's key. */
export async function callV3(emulator: EmulatorTransport, call: V3Call): Promise<V3Result> {
  const json = call.body === undefined ? '' : JSON.stringify(call.body)
  const body = call.encryptKey && json ? aesEncrypt(json, call.encryptKey) : json
  const { authorization } = signV3Request(
    { appId: call.appId, appCertSn: call.appCertSn },
    {
      method: call.httpMethod,
      pathWithQuery: call.pathWithQuery,
      body,
      appAuthToken: call.appAuthToken,
    },
    call.privateKey ?? testAppKeys().privateKey,
  )
  const encrypted = body !== json
  const headers: Record<string, string> = {
    authorization,
    ...(body && { 'content-type': encrypted ? 'text/plain' : 'application/json' }),
    ...(encrypted && { 'alipay-encrypt-type': 'AES' }),
    ...(call.appAuthToken && { 'alipay-app-auth-token': call.appAuthToken }),
    ...call.headers,
  }
  const response = await emulator.fetch(`${emulator.baseUrl}${call.pathWithQuery}`, {
    method: call.httpMethod,
    headers,
    ...(body && { body }),
  })
  const text = await response.text()
  const verified = verifyV3Response(
    {
      timestamp: response.headers.get('alipay-timestamp') ?? '',
      nonce: response.headers.get('alipay-nonce') ?? '',
      signature: response.headers.get('alipay-signature') ?? '',
      body: text,
    },
    await alipayKey(emulator),
  )
  const plain = call.encryptKey && !text.startsWith('{') ? aesDecrypt(text, call.encryptKey) : text
  return {
    status: response.status,
    text,
    data: JSON.parse(plain) as Record<string, unknown>,
    verified,
    headers: response.headers,
  }
}

/** Asked each time: several emulators may answer at the same base URL (one per test). */
export async function alipayKey(emulator: EmulatorTransport): Promise<KeyObject> {
  const response = await emulator.fetch(`${emulator.baseUrl}/__admin/keys`)
  const { alipay_public_key } = (await response.json()) as { alipay_public_key: string }
  return parsePublicKey(alipay_public_key)
}
