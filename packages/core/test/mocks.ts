import { type KeyObject, randomUUID } from 'node:crypto'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import type { AlipayClientOptions } from '../src/client/options.js'
import { aesDecrypt, aesEncrypt } from '../src/signer/aes.js'
import { signNotify } from '../src/signer/notify.js'
import { formatChinaTime } from '../src/signer/timestamp.js'
import { verifyV2Params } from '../src/signer/v2-request.js'
import { buildV2ResponseBody, v2ResponseNodeName } from '../src/signer/v2-response.js'
import { parseV3Authorization, signV3Response, verifyV3Request } from '../src/signer/v3.js'
import { testKeyPair } from '../src/testing/test-key-pair.js'

/**
 * A tiny in-test Alipay for the core's tests, built on the core signer with its own key pairs:
 * it verifies each request's signature, records it, and answers as scripted, signed like the
 * real gateway (docs/protocol.md §3, §4). Nothing here depends on apps/mock-alipay.
 */
export const APP_ID = '2021000000000001'
export const GATEWAY = 'https://gateway.alipay.test/gateway.do'
const V3_BASE = 'https://gateway.alipay.test'
export const TOKEN_PATH = '/v3/alipay/open/auth/token/app'
export const QUERY_PATH = '/v3/alipay/open/auth/token/app/query'
export const TOKEN_METHOD = 'alipay.open.auth.token.app'
export const QUERY_METHOD = 'alipay.open.auth.token.app.query'
export const CERT_DOWNLOAD_METHOD = 'alipay.open.app.alipaycert.download'

export const appKeys = testKeyPair('app')
export const alipayKeys = testKeyPair('alipay')
/**
 * A run of the app's private key and of Alipay's public key as base64 DER: what a text shows of a
 * key that leaked into it. Tests of logs, events and spans look for these.
 */
export const KEY_TEXTS = [
  appKeys.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64').slice(40, 80),
  alipayKeys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64').slice(40, 80),
]
/** Signs where Alipay's key should have: a forgery. */
export const strangerKeys = testKeyPair('stranger')

export interface Grant {
  grant_type?: string
  code?: string
  refresh_token?: string
}

/** API-neutral answers, rendered as a v2 node or a v3 body. A Response is sent as it is. */
export type Answer =
  | { fields: Record<string, unknown> }
  | { error: { code: string; subCode?: string; subMsg?: string; httpStatus?: number } }
  | Response

const QUERY_FIELDS = {
  user_id: '2088000000000001',
  auth_app_id: '2021000000000001',
  expires_in: '31536000',
  auth_methods: ['alipay.trade.create'],
  auth_start: '2025-01-01 10:00:00',
  auth_end: '2026-01-01 10:00:00',
  status: 'valid',
}

export function tokenPair(tag: string) {
  return { app_auth_token: `202501BB${tag}access`, app_refresh_token: `202501BB${tag}refresh` }
}

export interface Call {
  api: 'v2' | 'v3'
  method: string
  grant: Grant
  appAuthToken?: string
  params: Record<string, string>
}

/** `{ key }`: signed with that key, as after Alipay rotated its certificate. */
export type Signing = 'valid' | 'forged' | 'none' | { key: KeyObject }

/** One merchant app's token fields, as Alipay sends them. */
export function tokenFields(n: number | string, overrides: Record<string, unknown> = {}) {
  return {
    ...tokenPair(String(n)),
    auth_app_id: `2021000000000${String(n).padStart(3, '0')}`,
    user_id: `2088000000000${String(n).padStart(3, '0')}`,
    expires_in: 31536000,
    re_expires_in: 32140800,
    ...overrides,
  }
}

export class MockAlipay {
  readonly calls: Call[] = []
  signing: Signing = 'valid'
  /** Certificate mode: the SN of the certificate that signs (sent as alipay_cert_sn / alipay-sn). */
  certSn?: string
  /**
   * The app's AES key (docs/protocol.md §6): requests marked encrypted are decrypted, and answered
   * encrypted.
   */
  encryptKey?: string
  tokenAnswer: (grant: Grant) => Answer | Promise<Answer> = (grant) => this.issueTokens(grant)
  queryAnswer: (appAuthToken: string) => Answer | Promise<Answer> = () => ({ fields: QUERY_FIELDS })
  /**
   * Any other v2 method, or a v3 call under `/v3/alipay/trade/`: a business call, with the
   * merchant's token as sent (docs/protocol.md §9). By default refused as
   * no gateway would know it.
   */
  businessAnswer: (call: BusinessCall) => Answer | Promise<Answer> = unknownBusiness
  /** `alipay.open.app.alipaycert.download`; by default no certificate is known. */
  certAnswer: (alipayCertSn: string) => Answer | Promise<Answer> = unknownCert
  private issued = 0

  /** Back to a well-behaved gateway, between tests. */
  reset(): void {
    this.calls.length = 0
    this.issued = 0
    this.signing = 'valid'
    this.certSn = undefined
    this.encryptKey = undefined
    this.tokenAnswer = (grant) => this.issueTokens(grant)
    this.queryAnswer = () => ({ fields: QUERY_FIELDS })
    this.certAnswer = unknownCert
    this.businessAnswer = unknownBusiness
  }

  /** Fresh tokens for merchant app 001 on every exchange and refresh (refresh rotates the pair). */
  private issueTokens(grant: Grant): Answer {
    this.issued++
    const kind = grant.grant_type === 'refresh_token' ? 'r' : 'c'
    return { fields: { tokens: [tokenFields(1, tokenPair(`${kind}${this.issued}`))] } }
  }

  count(grantType?: string): number {
    return this.calls.filter(
      (call) => grantType === undefined || call.grant.grant_type === grantType,
    ).length
  }

  readonly handlers = [
    http.post(GATEWAY, async ({ request }) => {
      const params = Object.fromEntries(new URLSearchParams(await request.text()))
      const method = params.method ?? ''
      if (!verifyV2Params(params, appKeys.publicKey)) {
        return v2Reply(
          method,
          { error: { code: '40002', subCode: 'isv.invalid-signature' } },
          'none',
        )
      }
      // docs/protocol.md §6: the signature covers the encrypted biz_content; only then is it
      // decrypted.
      const encryptKey = params.encrypt_type === 'AES' ? this.encryptKey : undefined
      const bizText = params.biz_content ?? '{}'
      const biz = JSON.parse(encryptKey ? aesDecrypt(bizText, encryptKey) : bizText) as Grant & {
        app_auth_token?: string
      }
      this.calls.push({
        api: 'v2',
        method,
        grant: biz,
        appAuthToken: params.app_auth_token,
        params,
      })
      if (method === CERT_DOWNLOAD_METHOD) {
        // Like Alipay's gateway (see the client's cert-download.ts): this answer is not signed.
        const sn = (biz as { alipay_cert_sn?: string }).alipay_cert_sn ?? ''
        return v2Reply(method, await this.certAnswer(sn), 'none')
      }
      const answer =
        method === QUERY_METHOD
          ? this.queryAnswer(biz.app_auth_token ?? '')
          : method === TOKEN_METHOD
            ? this.tokenAnswer(biz)
            : this.businessAnswer({
                method,
                appAuthToken: params.app_auth_token,
                biz: biz as Record<string, unknown>,
              })
      return v2Reply(method, await answer, this.signing, this.certSn, encryptKey)
    }),
    http.post(`${V3_BASE}${TOKEN_PATH}`, async ({ request }) => {
      const body = await request.text()
      const rejected = this.verifyV3(request, TOKEN_PATH, body)
      if (rejected) return rejected
      const encrypted = request.headers.get('alipay-encrypt-type') === 'AES'
      const encryptKey = encrypted ? this.encryptKey : undefined
      const grant = JSON.parse(encryptKey ? aesDecrypt(body, encryptKey) : body) as Grant
      const contentType = request.headers.get('content-type') ?? ''
      this.calls.push({ api: 'v3', method: TOKEN_PATH, grant, params: { body, contentType } })
      return v3Reply(await this.tokenAnswer(grant), this.signing, this.certSn, encryptKey)
    }),
    http.get(`${V3_BASE}${QUERY_PATH}`, async ({ request }) => {
      const url = new URL(request.url)
      const rejected = this.verifyV3(request, `${url.pathname}${url.search}`, '')
      if (rejected) return rejected
      const token = url.searchParams.get('app_auth_token') ?? ''
      this.calls.push({
        api: 'v3',
        method: QUERY_PATH,
        grant: {},
        params: { app_auth_token: token },
      })
      return v3Reply(await this.queryAnswer(token), this.signing, this.certSn)
    }),
    http.all(`${V3_BASE}/v3/alipay/trade/*`, async ({ request }) => {
      const url = new URL(request.url)
      const body = await request.text()
      const rejected = this.verifyV3(request, `${url.pathname}${url.search}`, body)
      if (rejected) return rejected
      const appAuthToken = request.headers.get('alipay-app-auth-token') ?? undefined
      const method = `${request.method} ${url.pathname}`
      const biz = (body ? JSON.parse(body) : Object.fromEntries(url.searchParams)) as Record<
        string,
        unknown
      >
      this.calls.push({ api: 'v3', method, grant: {}, appAuthToken, params: {} })
      return v3Reply(await this.businessAnswer({ method, appAuthToken, biz }), this.signing)
    }),
  ]

  private verifyV3(request: Request, pathWithQuery: string, body: string): Response | undefined {
    const authorization = parseV3Authorization(request.headers.get('authorization') ?? '')
    const appAuthToken = request.headers.get('alipay-app-auth-token') ?? undefined
    const ok =
      authorization?.fields.app_id === APP_ID &&
      verifyV3Request(
        authorization,
        { method: request.method, pathWithQuery, body, appAuthToken },
        appKeys.publicKey,
      )
    if (ok) return undefined
    return v3Reply(
      { error: { code: 'invalid-signature', subMsg: 'request signature invalid' } },
      'valid',
    )
  }
}

function signingKey(signing: Signing): KeyObject {
  if (typeof signing === 'object') return signing.key
  return signing === 'forged' ? strangerKeys.privateKey : alipayKeys.privateKey
}

/** A business call as the mock received it: `method` is the v2 method, or `GET /v3/…`. */
export interface BusinessCall {
  method: string
  appAuthToken?: string
  biz: Record<string, unknown>
}

function unknownBusiness(): Answer {
  return { error: { code: '40002', subCode: 'isv.invalid-method', subMsg: '不存在的方法名' } }
}

function unknownCert(): Answer {
  return { error: { code: '40004', subCode: 'isv.alipay-cert-not-exist', subMsg: '证书不存在' } }
}

/** A successful download answer for a certificate (or chain) in PEM (docs/protocol.md §5). */
export function certContent(pem: string): Answer {
  return { fields: { alipay_cert_content: Buffer.from(pem, 'utf8').toString('base64') } }
}

/**
 * A v2 answer; with `encryptKey` the node becomes an AES-encrypted JSON string (docs/protocol.md §3
 * step 3).
 */
export function v2Reply(
  method: string,
  answer: Answer,
  signing: Signing,
  certSn?: string,
  encryptKey?: string,
): Response {
  if (answer instanceof Response) return answer
  const isError = 'error' in answer
  const node = isError
    ? {
        code: answer.error.code,
        msg: 'Invalid Arguments',
        sub_code: answer.error.subCode,
        sub_msg: answer.error.subMsg,
      }
    : { code: '10000', msg: 'Success', ...answer.fields }
  const nodeName = v2ResponseNodeName(method)
  const plain = JSON.stringify(node)
  const content = encryptKey ? JSON.stringify(aesEncrypt(plain, encryptKey)) : plain
  const body =
    signing === 'none'
      ? `{"${nodeName}":${content}}`
      : buildV2ResponseBody(nodeName, content, signingKey(signing), { alipayCertSn: certSn })
  return new HttpResponse(body, { headers: { 'content-type': 'text/html;charset=utf-8' } })
}

/** A v3 answer; with `encryptKey` a success body is AES-encrypted text (docs/protocol.md §6). */
export function v3Reply(
  answer: Answer,
  signing: Signing,
  certSn?: string,
  encryptKey?: string,
): Response {
  if (answer instanceof Response) return answer
  if ('fields' in answer) {
    const body = JSON.stringify(answer.fields)
    return encryptKey
      ? v3Signed(aesEncrypt(body, encryptKey), 200, signing, certSn, 'text/plain')
      : v3Signed(body, 200, signing, certSn)
  }
  const { code, subMsg, httpStatus } = answer.error
  return v3Signed(
    JSON.stringify({ code, message: subMsg ?? code }),
    httpStatus ?? 400,
    signing,
    certSn,
  )
}

/** Any v3 body, with the response signature headers of docs/protocol.md §4. */
export function v3Signed(
  body: string,
  status: number,
  signing: Signing,
  certSn?: string,
  contentType = 'application/json',
): Response {
  const headers: Record<string, string> = {
    'content-type': contentType,
    'alipay-trace-id': 'trace-1',
  }
  if (signing !== 'none') {
    const timestamp = String(Date.now())
    const nonce = randomUUID()
    headers['alipay-timestamp'] = timestamp
    headers['alipay-nonce'] = nonce
    headers['alipay-signature'] = signV3Response(timestamp, nonce, body, signingKey(signing))
    if (certSn) headers['alipay-sn'] = certSn
  }
  return new HttpResponse(body, { status, headers })
}

/**
 * A notification as Alipay posts it (docs/protocol.md §7), signed with Alipay's key (or a
 * forger's).
 */
export function notifyBody(
  fields: Record<string, string>,
  options: { signing?: Signing; keepSignType?: boolean } = {},
): string {
  const params = { charset: 'utf-8', version: '1.0', sign_type: 'RSA2', app_id: APP_ID, ...fields }
  const signing = options.signing ?? 'valid'
  const sign =
    signing === 'none'
      ? ''
      : signNotify(params, signingKey(signing), { keepSignType: options.keepSignType })
  return new URLSearchParams({ ...params, ...(sign ? { sign } : {}) }).toString()
}

/** An authorization notification for merchant app `n`; `detail` overrides fields such as `auth_time`. */
export function authorizationNotify(
  n: number,
  notifyId = `notify-auth-${n}`,
  detail: Record<string, unknown> = {},
): string {
  return notifyBody({
    notify_id: notifyId,
    notify_time: formatChinaTime(Date.now()),
    notify_type: 'open_app_auth_notify',
    status: 'execute_auth',
    auth_app_id: tokenFields(n).auth_app_id,
    biz_content: JSON.stringify({
      notify_context: { trigger: 'PC_AUTH', trigger_context: {} },
      detail: {
        ...tokenFields(n),
        app_id: APP_ID,
        auth_time: AUTH_TIME,
        app_auth_code: 'code',
        ...detail,
      },
      error: {},
    }),
  })
}

/** The `auth_time` of `authorizationNotify`, unless overridden. */
export const AUTH_TIME = 1735700000000

/**
 * A cancellation message (docs/protocol.md §7) with the emulator's biz_content, by default an hour
 * after AUTH_TIME.
 */
export function cancellationNotify(
  fields: Record<string, string>,
  notifyId = 'notify-cancel-1',
  cancelledAt = AUTH_TIME + 60 * 60_000,
): string {
  return notifyBody({
    msg_method: 'alipay.open.auth.appauth.cancelled',
    notify_id: notifyId,
    utc_timestamp: String(cancelledAt),
    msg_app_id: APP_ID,
    biz_content: JSON.stringify({
      cancel_time: formatChinaTime(cancelledAt),
      unknown_field: 1,
      ...fields,
    }),
  })
}

/** Starts msw with a fresh MockAlipay for the calling test file; unhandled requests fail the test. */
export function useMockAlipay() {
  const alipay = new MockAlipay()
  const server = setupServer(...alipay.handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => {
    server.resetHandlers()
    alipay.reset()
  })
  afterAll(() => server.close())
  return { alipay, server }
}

/** Options for a client of the mock, in public-key mode. */
export function clientOptions(overrides: Partial<AlipayClientOptions> = {}): AlipayClientOptions {
  return {
    appId: APP_ID,
    privateKey: appKeys.privateKey,
    alipayPublicKey: alipayKeys.publicKey,
    gateway: GATEWAY,
    ...overrides,
  }
}

export { manualClock } from '../src/testing/manual-clock.js'
