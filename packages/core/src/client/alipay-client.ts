import { systemClock } from '../clock.js'
import { type NotifyParams, type NotifyVerification, verifyNotify } from '../signer/notify.js'
import { AlipayKeyring } from './alipay-keyring.js'
import type { CallContext, CallResult } from './call-context.js'
import { downloadAlipayCert } from './cert-download.js'
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

  constructor(options: AlipayClientOptions, hooks: AlipayClientHooks = {}) {
    validateOptions(options)
    this.appId = options.appId
    this.api = options.api ?? 'v2'
    this.endpoints = resolveEndpoints(options)
    this.credentials = loadCredentials(options)
    const clock = options.clock ?? systemClock
    const gatewayUrl = new URL(this.endpoints.gateway)
    // An injected fetch is the caller's to configure, proxy included (validateOptions).
    const proxy = options.fetch ? undefined : proxyFor(gatewayUrl, options.proxy)
    const viaProxy = proxy === undefined ? undefined : proxiedFetch(proxy, gatewayUrl)
    this.context = {
      appId: options.appId,
      credentials: this.credentials,
      alipayKeys: new AlipayKeyring(
        this.credentials,
        (sn) => downloadAlipayCert(this.context, sn),
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
    options: { appAuthToken?: string } = {},
  ): Promise<Record<string, unknown>> {
    return (await this.executeWithTrace(method, bizContent, options)).data
  }

  /** `execute`, resolving with Alipay's trace id and HTTP status beside the response node. */
  executeWithTrace(
    method: string,
    bizContent: Record<string, unknown>,
    options: { appAuthToken?: string } = {},
  ): Promise<CallResult> {
    return withRetry('refused-only', () => callV2(this.context, method, bizContent, options))
  }

  /**
   * A v3 call (docs/protocol.md §4); resolves with the verified JSON body. Retried only when
   * refused before sending.
   */
  async requestV3(
    method: V3HttpMethod,
    path: string,
    options: Omit<V3CallOptions, 'secrets'> = {},
  ): Promise<Record<string, unknown>> {
    return (await this.requestV3WithTrace(method, path, options)).data
  }

  /** `requestV3`, resolving with Alipay's trace id and HTTP status beside the body. */
  requestV3WithTrace(
    method: V3HttpMethod,
    path: string,
    options: Omit<V3CallOptions, 'secrets'> = {},
  ): Promise<CallResult> {
    return withRetry('refused-only', () => callV3(this.context, method, path, options))
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
  async refreshToken(refreshToken: string): Promise<TokenGrant[]> {
    const answer = await this.tokenCall(
      'transient',
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      refreshToken,
    )
    return parseTokenGrants(answer, TOKEN_METHOD)
  }

  /**
   * The token's status (docs/protocol.md §3 query); retried on transport errors, timeouts and 5xx.
   */
  async queryToken(appAuthToken: string): Promise<TokenStatus> {
    const secrets = [appAuthToken]
    const { data } = await withRetry('transient', () =>
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
  ): Promise<CallResult> {
    const secrets = [secret]
    return withRetry(policy, () =>
      this.api === 'v3'
        ? callV3(this.context, 'POST', V3_TOKEN_PATH, { body: grant, secrets })
        : callV2(this.context, TOKEN_METHOD, grant, { secrets }),
    )
  }
}
