/**
 * The engine's public contract: what its servers (HTTP server, `startMockAlipay()`, msw) and
 * users code against. JSON shapes are snake_case like Alipay's own.
 */

/** Epoch milliseconds. The engine adds the admin API's `advance_seconds` on top of it. */
export interface EngineClockSource {
  now(): number
}

/**
 * PEM (SPKI public, PKCS#8 private); bare base64 and PKCS#1 are accepted too (docs/protocol.md §8).
 */
export interface AlipayKeyPair {
  privateKey: string
  publicKey: string
}

/**
 * Certificate mode (docs/protocol.md §5). The Alipay certificate must certify the engine's Alipay
 * public key (`alipayKeys.publicKey`); the engine checks this at construction.
 */
export interface CertificateAuthority {
  /** The root bundle users configure as `alipayRootCert`. */
  readonly rootCertPem: string
  /** `alipayCertPublicKey_RSA2.crt`: the certificate of the key the engine signs with. */
  readonly alipayCertPem: string
  readonly alipayCertSn: string
  readonly rootCertSn: string
  /** Issues an app certificate for a registered public key (PEM). */
  issueAppCert(publicKeyPem: string, appId: string): { certPem: string; sn: string }
  /**
   * Issues a new Alipay certificate for `publicKeyPem` (`POST /__admin/keys/rotate`); with
   * `untrusted`, from a CA that is not in `rootCertPem`. Rotation is off without it.
   */
  issueAlipayCert?(
    publicKeyPem: string,
    options?: { untrusted?: boolean },
  ): { certPem: string; sn: string }
}

/**
 * How an app receives a token exchange (docs/protocol.md §3): `tokens[]`, the legacy flat fields,
 * or both.
 */
export type TokenResponseShape = 'tokens' | 'flat' | 'both'

/**
 * Whether an access token expires after `expires_in` (docs/protocol.md §3). `long_lived`: it stays
 * valid until the merchant cancels or re-authorizes or the ISV refreshes, as Alipay now documents.
 * `enforce`: once older than `expires_in`, it answers `aop.app-auth-token-time-out`, so a client
 * can test its expiry handling.
 */
export type TokenExpiry = 'long_lived' | 'enforce'

/** An ISV app as registered by `POST /__admin/apps` or a seed file. */
export interface AppRegistration {
  app_id: string
  /** The name merchants see on the consent page. Default `App <app_id>`. */
  app_name?: string
  /**
   * The app's public key (any docs/protocol.md §8 form). One of `public_key` / `app_cert` is
   * required.
   */
  public_key?: string
  /** Certificate mode: the app's certificate (PEM); its SN is what requests send as `app_cert_sn`. */
  app_cert?: string
  /** Must equal the consent page's `redirect_uri` exactly (docs/protocol.md §2). */
  redirect_uri?: string
  /** Where authorization and cancellation notifications are POSTed (docs/protocol.md §7). */
  notify_url?: string
  /** The console's base64 AES-128 key, for `encrypt_type=AES` requests (docs/protocol.md §6). */
  aes_key?: string
  /** Default `tokens`. */
  token_response_shape?: TokenResponseShape
  /** Default `long_lived`. */
  token_expiry?: TokenExpiry
}

/** A merchant on the consent page: a 2088… user id owning one or more apps it can authorize. */
export interface MerchantRecord {
  user_id: string
  name: string
  /** The merchant's apps; authorizing the merchant yields one token per app. */
  auth_app_ids: string[]
}

/**
 * The `--seed` file. Every member optional; `merchants` defaults to two demo merchants.
 * `alipay_keys` is used when `MockAlipayOptions.alipayKeys` is absent.
 */
export interface SeedFile {
  alipay_keys?: { private_key: string; public_key: string }
  apps?: AppRegistration[]
  merchants?: MerchantRecord[]
  /** How business calls are answered, as `POST /__admin/stubs` takes them; oldest first. */
  stubs?: StubInput[]
}

/** Who a stub answers: every caller, one ISV app, or one merchant app (`auth_app_id`). */
export interface StubScope {
  /** Only calls made by this ISV app. */
  app_id?: string
  /** Only calls carrying a token of this merchant app. */
  auth_app_id?: string
}

/**
 * A v2 business method's answer (docs/protocol.md §9): `response` is the `<method>_response`
 * node; `code`/`msg` default to `10000`/`Success`, or `40004`/`Business Failed` when it has a
 * `sub_code`.
 */
export interface V2StubInput extends StubScope {
  method: string
  response?: Record<string, unknown>
}

/** A v3 business path's answer: `status` (default 200) and the JSON `body` (default `{}`). */
export interface V3StubInput extends StubScope {
  http_method: string
  /** The path without its query, e.g. `/v3/alipay/trade/query`. */
  path: string
  status?: number
  body?: unknown
}

export type StubInput = V2StubInput | V3StubInput

/** A v2 stub as the emulator keeps it: its `id` (for `DELETE /__admin/stubs {id}`), normalized. */
export interface V2Stub extends StubScope {
  id: string
  method: string
  response: Record<string, unknown>
}

/** A v3 stub as the emulator keeps it, normalized. */
export interface V3Stub extends StubScope {
  id: string
  http_method: string
  path: string
  status: number
  body: unknown
}

export type Stub = V2Stub | V3Stub

export interface MockAlipayOptions {
  /** Default: the wall clock. `POST /__admin/clock` advances the engine's time on top of it. */
  clock?: EngineClockSource
  /** Generated when absent (slow: ~100 ms); the server persists them to start fast. */
  alipayKeys?: AlipayKeyPair
  seed?: SeedFile
  /** Used to POST notifications to apps' notify URLs. Default `globalThis.fetch` as it is at each delivery. */
  fetch?: typeof fetch
  /** Entries kept by `GET /__admin/requests`. Default 200. */
  requestLogSize?: number
  /** Certificate mode is available when present. */
  certificateAuthority?: CertificateAuthority
  /** How long a refresh token (and its access token) stays valid after a refresh rotated it. Default 60. */
  refreshGraceSeconds?: number
  /** Largest accepted request body. Default 1 MiB. */
  maxBodyBytes?: number
  /**
   * Accept a v2 `timestamp` only in China time (UTC+8) ± 15 minutes. Default false: any zone in use
   * (UTC−12 … UTC+14) that would have printed it within 15 minutes, with a request-log warning
   * when it is not China time.
   */
  strictTimestamps?: boolean
  /** Delays between notification attempts, ms. Default 100, 200, 400, 800, 1600 (six attempts). */
  notifyRetryDelaysMs?: number[]
}

/** What `snapshot()` returns and `MockAlipayEngine.restore()` takes: plain JSON, versioned. */
export interface PersistedState {
  version: 1
  alipay_keys: { private_key: string; public_key: string }
  clock_offset_ms: number
  apps: AppRegistration[]
  merchants: MerchantRecord[]
  codes: PersistedCode[]
  grants: PersistedGrant[]
  /** Tokens rotated by a refresh and still inside their grace period. */
  retired_tokens: PersistedRetiredToken[]
  /** Invitation links (`POST /__admin/invites`); absent in states saved before they existed. */
  invites?: PersistedInvite[]
  /** Business call answers (`POST /__admin/stubs`), oldest first; absent in older states. */
  stubs?: Stub[]
  /** Tokens of merchants who cancelled, so a call with one can say why it is refused. */
  cancelled_tokens?: PersistedCancelledToken[]
}

export interface PersistedCancelledToken {
  token: string
  app_id: string
  user_id: string
  auth_app_id: string
}

/** An invitation link: consenting through it redirects to `redirect_uri` without a `state`. */
export interface PersistedInvite {
  id: string
  app_id: string
  /** The app's registered callback when the invite was made, or the one it named. */
  redirect_uri: string
}

export interface PersistedCode {
  code: string
  app_id: string
  user_id: string
  auth_app_ids: string[]
  issued_at: number
  used: boolean
}

export interface PersistedGrant {
  app_id: string
  user_id: string
  auth_app_id: string
  app_auth_token: string
  app_refresh_token: string
  /** When this token pair was issued (by authorization or refresh), epoch ms. */
  issued_at: number
  /** When the merchant authorized, epoch ms (`auth_start`). */
  auth_start: number
  /** The APIs the merchant granted (`POST /__admin/authorize` `auth_methods`); absent: every one. */
  auth_methods?: string[]
}

export interface PersistedRetiredToken {
  token: string
  kind: 'access' | 'refresh'
  app_id: string
  auth_app_id: string
  valid_until: number
}

/** One entry of `GET /__admin/requests`, newest last. */
export interface RequestLogEntry {
  /** Engine time, ISO 8601. */
  time: string
  direction: 'inbound' | 'outbound'
  http_method: string
  path: string
  /** The API method (`alipay.open.auth.token.app`) or notification type, where there is one. */
  method?: string
  grant_type?: string
  app_id?: string
  verification?: { ok: boolean; signed_string?: string; reason?: string }
  /** HTTP status answered (inbound) or received (outbound); 0 when the connection failed. */
  status: number
  /** Outbound only: the notify URL, the attempt number and what happened. */
  url?: string
  attempt?: number
  outcome?: string
  /** Set when a fault was applied to this request. */
  fault?: string
  /**
   * What looked wrong but was accepted, where Alipay's rule is not published: e.g. a `timestamp`
   * not in China time (the official Node and .NET SDKs send the host's local time).
   */
  warnings?: string[]
  /** An unexpected error inside the engine; the request was answered 20000 isp.unknow-error. */
  error?: string
  /** A business call's merchant, from its `app_auth_token` (the token itself is never logged). */
  merchant?: { user_id: string; auth_app_id: string }
  /** A business call refused for its token: the rule that refused it. */
  token_rule?: TokenRule
  /** Which stub answered a business call. */
  stub_id?: string
}

/**
 * Why a business call's `app_auth_token` was refused (docs/protocol.md §9).
 */
export type TokenRule =
  | 'unknown-token'
  | 'other-app-token'
  | 'cancelled'
  | 'replaced-past-grace'
  | 'timed-out'
  | 'api-not-granted'
