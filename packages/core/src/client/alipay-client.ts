import { systemClock } from '../clock.js'
import { type NotifyParams, type NotifyVerification, verifyNotify } from '../signer/notify.js'
import { type AlipayCall, traceCall } from '../telemetry/call-span.js'
import { Telemetry } from '../telemetry/telemetry.js'
import { AlipayKeyring } from './alipay-keyring.js'
import type { CallContext, CallResult } from './call-context.js'
import { CERT_DOWNLOAD_METHOD, downloadAlipayCert } from './cert-download.js'
import { type Credentials, loadCredentials } from './credentials.js'
import { type Endpoints, resolveEndpoints } from './endpoints.js'
import type { AlipayClientOptions } from './options.js'
import { proxyFor } from './proxy-config.js'
import { proxiedFetch } from './proxy-fetch.js'
import { type RetryPolicy, withRetry } from './retry.js'
import {
  parseTokenGrants,
  parseTokenStatus,
  type TokenGrant,
  type TokenStatus,
} from './token-grant.js'
import { callV2 } from './v2-call.js'
import { callV3, type V3CallOptions, type V3HttpMethod } from './v3-call.js'
import { validateOptions } from './validate-options.js'

const TOKEN_METHOD = 'alipay.open.auth.token.app'
const QUERY_METHOD = 'alipay.open.auth.token.app.query'
const V3_TOKEN_PATH = '/v3/alipay/open/auth/token/app'
const V3_QUERY_PATH = '/v3/alipay/open/auth/token/app/query'

/**
 * The merchant app a call is made for: named in the call's span (`alipay.auth_app_id`) when the
 * application traces with OpenTelemetry. Token answers name it themselves.
 */
export interface CallFor {
  authAppId?: string
}

/** What the owner of a client (AppAuth) hears from it. */
export interface AlipayClientHooks {
  /** Certificate mode: Alipay signed with a certificate not configured; it was downloaded, chain-checked and is trusted from now on. */
  onAlipayCertificateLearned?: (sn: string) => void
}

/**
 * Signed calls to Alipay's v2 gateway and v3 API. Every answer is verified before anything in
 * it is used; failures are `AlipayError`s that say what to do.
 */
export class AlipayClient {
  readonly appId: string
  readonly endpoints: Endpoints
  /** Which API the token calls use. */
  readonly api: 'v2' | 'v3'
  private readonly credentials: Credentials
  private readonly context: CallContext
  /** Every call is a span: here, around the retries, so that each retry is an event of it. */
  private readonly telemetry = new Telemetry()
  /** The hosts the v2 gateway and the v3 API are on, for the spans' `server.address`. */
  private readonly hosts: { v2: string; v3: string }

  constructor(options: AlipayClientOptions, hooks: AlipayClientHooks = {}) {
    validateOptions(options)
    this.appId = options.appId
    this.api = options.api ?? 'v2'
    this.endpoints = resolveEndpoints(options)
    this.credentials = loadCredentials(options)
    const clock = options.clock ?? systemClock
    const gatewayUrl = new URL(this.endpoints.gateway)
    this.hosts = { v2: gatewayUrl.hostname, v3: new URL(this.endpoints.v3BaseUrl).hostname }
    // An injected fetch is the caller's to configure, proxy included (validateOptions).
    const proxy = options.fetch ? undefined : proxyFor(gatewayUrl, options.proxy)
    const viaProxy = proxy === undefined ? undefined : proxiedFetch(proxy, gatewayUrl)
    this.context = {
      appId: options.appId,
      credentials: this.credentials,
      alipayKeys: new AlipayKeyring(
        this.credentials,
        (sn) => this.downloadCert(sn),
        clock,
        hooks.onAlipayCertificateLearned,
      ),
      endpoints: this.endpoints,
      clock,
      timeoutMs: options.timeoutMs ?? 5000,
      encryptKey: options.encryptKey,
      fetch: () => options.fetch ?? viaProxy ?? globalThis.fetch,
    }
  }

  /**
   * A v2 gateway call (docs/protocol.md §3); resolves with the verified response node. Retried only
   * when refused before sending.
   */
  async execute(
    method: string,
    bizContent: Record<string, unknown>,
    options: { appAuthToken?: string } & CallFor = {},
  ): Promise<Record<string, unknown>> {
    return (await this.executeWithTrace(method, bizContent, options)).data
  }

  /** `execute`, resolving with Alipay's trace id and HTTP status beside the response node. */
  executeWithTrace(
    method: string,
    bizContent: Record<string, unknown>,
    options: { appAuthToken?: string } & CallFor = {},
  ): Promise<CallResult> {
    return this.call('refused-only', this.v2Call(method, options), () =>
      callV2(this.context, method, bizContent, options),
    )
  }

  /**
   * A v3 call (docs/protocol.md §4); resolves with the verified JSON body. Retried only when
   * refused before sending.
   */
  async requestV3(
    method: V3HttpMethod,
    path: string,
    options: Omit<V3CallOptions, 'secrets'> & CallFor = {},
  ): Promise<Record<string, unknown>> {
    return (await this.requestV3WithTrace(method, path, options)).data
  }

  /** `requestV3`, resolving with Alipay's trace id and HTTP status beside the body. */
  requestV3WithTrace(
    method: V3HttpMethod,
    path: string,
    options: Omit<V3CallOptions, 'secrets'> & CallFor = {},
  ): Promise<CallResult> {
    return this.call('refused-only', this.v3Call(method, path, options), () =>
      callV3(this.context, method, path, options),
    )
  }

  /** `grant_type=authorization_code`. Never retried once sent: a code is single-use. */
  async exchangeCode(code: string): Promise<TokenGrant[]> {
    const answer = await this.tokenCall(
      'refused-only',
      { grant_type: 'authorization_code', code },
      code,
    )
    return parseTokenGrants(answer, TOKEN_METHOD)
  }

  /** `grant_type=refresh_token`; retried on transport errors, timeouts and 5xx. */
  async refreshToken(refreshToken: string, options: CallFor = {}): Promise<TokenGrant[]> {
    const answer = await this.tokenCall(
      'transient',
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      refreshToken,
      options,
    )
    return parseTokenGrants(answer, TOKEN_METHOD)
  }

  /**
   * The token's status (docs/protocol.md §3 query); retried on transport errors, timeouts and 5xx.
   */
  async queryToken(appAuthToken: string, options: CallFor = {}): Promise<TokenStatus> {
    const secrets = [appAuthToken]
    const target =
      this.api === 'v3'
        ? this.v3Call('GET', V3_QUERY_PATH, options)
        : this.v2Call(QUERY_METHOD, options)
    const { data } = await this.call('transient', target, () =>
      this.api === 'v3'
        ? callV3(this.context, 'GET', V3_QUERY_PATH, {
            query: { app_auth_token: appAuthToken },
            secrets,
          })
        : callV2(this.context, QUERY_METHOD, { app_auth_token: appAuthToken }, { secrets }),
    )
    return parseTokenStatus(data, QUERY_METHOD)
  }

  /**
   * Verifies a notification with every Alipay key: configured, and learned from rotation
   * (docs/protocol.md §7).
   */
  verifyNotification(params: NotifyParams): NotifyVerification {
    let outcome: NotifyVerification | undefined
    for (const key of this.context.alipayKeys.all()) {
      outcome = verifyNotify(params, key)
      if (outcome.verified) return outcome
    }
    return outcome as NotifyVerification
  }

  private tokenCall(
    policy: RetryPolicy,
    grant: Record<string, string>,
    secret: string,
    options: CallFor = {},
  ): Promise<CallResult> {
    const secrets = [secret]
    const target =
      this.api === 'v3'
        ? this.v3Call('POST', V3_TOKEN_PATH, options)
        : this.v2Call(TOKEN_METHOD, options)
    return this.call(policy, target, () =>
      this.api === 'v3'
        ? callV3(this.context, 'POST', V3_TOKEN_PATH, { body: grant, secrets })
        : callV2(this.context, TOKEN_METHOD, grant, { secrets }),
    )
  }

  /** The one path of every call to Alipay: retried by `policy`, in a span of its own. */
  private call(
    policy: RetryPolicy,
    target: AlipayCall,
    attempt: () => Promise<CallResult>,
  ): Promise<CallResult> {
    return traceCall(this.telemetry, target, (onRetry) => withRetry(policy, attempt, onRetry))
  }

  /** docs/protocol.md §5: learning a rotated certificate is a call of its own, in its own span. */
  private async downloadCert(sn: string): Promise<string> {
    const target = this.v2Call(CERT_DOWNLOAD_METHOD, {})
    const downloaded = await traceCall(this.telemetry, target, (onRetry) =>
      downloadAlipayCert(this.context, sn, onRetry),
    )
    return downloaded.pem
  }

  private v2Call(method: string, { authAppId }: CallFor): AlipayCall {
    return {
      api: method,
      appId: this.appId,
      authAppId,
      httpMethod: 'POST',
      serverAddress: this.hosts.v2,
    }
  }

  private v3Call(httpMethod: string, path: string, { authAppId }: CallFor): AlipayCall {
    return {
      api: `${httpMethod} ${path}`,
      appId: this.appId,
      authAppId,
      httpMethod,
      serverAddress: this.hosts.v3,
    }
  }
}
