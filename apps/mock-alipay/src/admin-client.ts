import { AlipayError } from '@alipay-isv/core'
import type { AppRegistration, RequestLogEntry, Stub, StubInput } from './engine/contract.js'
import type { FaultSpec } from './engine/faults.js'

export interface AuthorizeRequest {
  app_id: string
  /** The merchant (2088…); default the first merchant on the consent page. A new one is created. */
  user_id?: string
  /** Authorize only this merchant app; a new merchant gets it (or a generated one). */
  auth_app_id?: string
  /** Default the app's registered redirect_uri. */
  redirect_uri?: string
  state?: string
  /** The APIs the merchant grants, e.g. `['alipay.trade.query']`; default every API. */
  auth_methods?: string[]
}

export interface InviteRequest {
  app_id: string
  /** Default the app's registered redirect_uri. */
  redirect_uri?: string
}

export interface InviteResult {
  /** The invitation link, on the emulator's origin: open it, pick a merchant, press Authorize. */
  url: string
  app_id: string
  /** Where consenting through the link redirects, without a `state`. */
  redirect_uri: string
}

export interface AuthorizeResult {
  app_auth_code: string
  redirect_url: string
  /** The merchant who consented (created when `user_id` was new). */
  user_id: string
  /** The merchant apps authorized, one token each (a new merchant's is generated if not given). */
  auth_app_ids: string[]
  /** The APIs granted, when `auth_methods` was given; absent: every API. */
  auth_methods?: string[]
}

/** An app as the emulator holds it: the AES key is never echoed back, only whether there is one. */
export type RegisteredAppInfo = Omit<AppRegistration, 'aes_key'> & {
  public_key: string
  app_cert_sn?: string
  aes: boolean
}

export interface AlipayKeysInfo {
  alipay_public_key: string
  /** Certificate mode: the root bundle (`alipayRootCert.crt`). */
  alipay_root_cert?: string
  /** Certificate mode: `alipayCertPublicKey_RSA2.crt`. */
  alipay_public_cert?: string
  alipay_root_cert_sn?: string
  alipay_cert_sn?: string
}

export interface ClockInfo {
  /** Epoch ms. */
  now: number
  /** `yyyy-MM-dd HH:mm:ss`, UTC+8. */
  china_time: string
  offset_seconds: number
}

/** Typed wrappers over the `/__admin` HTTP API (README "Endpoints"), for tests and scripts. */
export interface MockAlipayAdmin {
  /** Registers or replaces an ISV app (idempotent per app_id). */
  registerApp(app: AppRegistration): Promise<RegisteredAppInfo>
  keys(): Promise<AlipayKeysInfo>
  /**
   * Certificate mode: Alipay signs its answers with a new certificate, issued with `untrusted`
   * from a CA no client trusts. Answers the `keys()` view of it, plus the one it replaced.
   */
  rotateCertificate(request?: {
    untrusted?: boolean
  }): Promise<AlipayKeysInfo & { previous_alipay_cert_sn?: string; untrusted: boolean }>
  /** The consent step without a browser; without `state`, as an invitation would. */
  authorize(request: AuthorizeRequest): Promise<AuthorizeResult>
  /** An invitation link like those of Alipay's console: its callback carries no `state`. */
  invite(request: InviteRequest): Promise<InviteResult>
  /** Moves the emulator's clock forward, e.g. past a code's 24 h. */
  advanceClock(seconds: number): Promise<ClockInfo>
  /** The emulator's time and how far it was moved. */
  clock(): Promise<ClockInfo>
  /** Puts the emulator's clock back on the wall clock (offset zero). */
  resetClock(): Promise<ClockInfo>
  /** The merchant cancels; the emulator notifies the app's notify_url. */
  cancel(request: {
    app_id: string
    user_id: string
  }): Promise<{ cancelled_auth_app_ids: string[] }>
  /** Adds faults; each stays until its `times` are used up or `clearFaults()`. */
  faults(...faults: FaultSpec[]): Promise<void>
  clearFaults(): Promise<void>
  /**
   * How the gateway answers a business call: v2 `{method, response}` or v3 `{http_method, path,
   * status, body}`, optionally only for `app_id` or merchant app `auth_app_id`. The newest
   * matching stub answers. Resolves with the stub kept, with its `id`.
   */
  stub(stub: StubInput): Promise<Stub>
  /** Every stub, oldest first. */
  stubs(): Promise<Stub[]>
  /** Removes the stub with this id, or every stub. */
  deleteStubs(id?: string): Promise<void>
  /** The request log, newest last. */
  requests(): Promise<RequestLogEntry[]>
  reset(): Promise<void>
}

/** `token`: the emulator's `adminToken` (`--admin-token`), sent as `authorization: Bearer`. */
export function createAdminClient(
  baseUrl: string,
  options: { token?: string } = {},
): MockAlipayAdmin {
  const authorization: Record<string, string> =
    options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}/__admin${path}`, {
      method,
      // Every admin write must say JSON, an empty body included: it keeps web pages out.
      headers:
        method === 'GET' ? authorization : { ...authorization, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) throw adminError(method, path, response.status, text)
    return JSON.parse(text) as T
  }
  return {
    registerApp: (app) => call('POST', '/apps', app),
    keys: () => call('GET', '/keys'),
    rotateCertificate: (request = {}) => call('POST', '/keys/rotate', request),
    authorize: (request) => call('POST', '/authorize', request),
    invite: (request) => call('POST', '/invites', request),
    advanceClock: (seconds) => call('POST', '/clock', { advance_seconds: seconds }),
    clock: () => call('GET', '/clock'),
    resetClock: () => call('DELETE', '/clock'),
    cancel: (request) => call('POST', '/merchants/cancel', request),
    faults: async (...faults) => {
      for (const fault of faults) await call('POST', '/faults', fault)
    },
    clearFaults: () => call('DELETE', '/faults'),
    stub: (stub) => call('POST', '/stubs', stub),
    stubs: async () => (await call<{ stubs: Stub[] }>('GET', '/stubs')).stubs,
    deleteStubs: async (id) => {
      await call('DELETE', '/stubs', id === undefined ? undefined : { id })
    },
    requests: async () =>
      (await call<{ requests: RequestLogEntry[] }>('GET', '/requests')).requests,
    reset: () => call('POST', '/reset'),
  }
}

function adminError(method: string, path: string, status: number, text: string): AlipayError {
  let detail = text
  try {
    const { error } = JSON.parse(text) as { error: { field: string; message: string } }
    detail = `${error.field}: ${error.message}`
  } catch {}
  return new AlipayError(
    `mock-alipay rejected ${method} /__admin${path} (HTTP ${status}) — ${detail}`,
    {
      httpStatus: status,
      rawBody: text,
    },
  )
}
