import type { AppAuth } from '@alipay-isv/core'
import type {
  AlipayCommonResult,
  AlipayCURLOptions,
  AlipaySdk,
  AlipaySdkCommonResult,
  IPageExecuteMethod,
  IPageExecuteParams,
  IRequestOption,
  IRequestParams,
  ISdkExecuteOptions,
} from 'alipay-sdk'
import { ReturnedFailure } from './returned-failure.js'

/** What a call may add to the SDK's own options. */
export interface Idempotence {
  /**
   * Whether the call may be sent again once a refused token has been renewed. Default: true for
   * v2 methods ending in `.query` and for v3 `GET`; otherwise the call rejects with
   * `AlipayTokenRenewedError` and you decide.
   */
  idempotent?: boolean
}

/** The HTTP methods `curl` takes, as the SDK types them. */
export type CurlHttpMethod = Parameters<AlipaySdk['curl']>[0]

/**
 * The SDK's calls, for one merchant. Each takes the merchant's current token from `AppAuth`
 * (refreshed ahead of expiry) and puts it where the SDK expects it. `sdkExecute` and
 * `pageExecute` sign strings for a browser or an app, so they resolve asynchronously.
 */
export interface MerchantAlipaySdk {
  /**
   * `sdk.exec` with `appAuthToken`; resolves with the SDK's result, business failures included,
   * as the SDK does. Answers are signature-checked (`validateSign` defaults to true).
   */
  exec(
    method: string,
    params?: IRequestParams,
    options?: IRequestOption & Idempotence,
  ): Promise<AlipaySdkCommonResult>
  /** `sdk.curl` with the `appAuthToken` option; throws the SDK's `AlipayRequestError` as it does. */
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's own default, so code written for sdk.curl compiles as it is
  curl<T = any>(
    httpMethod: CurlHttpMethod,
    path: string,
    options?: AlipayCURLOptions & Idempotence,
  ): Promise<AlipayCommonResult<T>>
  /** `sdk.sdkExecute` with `appAuthToken`: the signed order string for the Alipay app. */
  sdkExecute(
    method: string,
    bizParams: IRequestParams,
    options?: ISdkExecuteOptions,
  ): Promise<string>
  /** `sdk.pageExecute` with `appAuthToken`: the signed link (`GET`) or form (`POST`). */
  pageExecute(method: string, bizParams: IPageExecuteParams): Promise<string>
  pageExecute(
    method: string,
    httpMethod: IPageExecuteMethod,
    bizParams: IPageExecuteParams,
  ): Promise<string>
}

/**
 * The official `alipay-sdk` (v4) calling Alipay for the merchant `authAppId`, with the recovery
 * of `auth.exec`: a token Alipay refuses (`aop.invalid-app-auth-token`,
 * `aop.app-auth-token-time-out`) is renewed once for every concurrent caller, and an idempotent
 * call is repeated once with the new token; an API the merchant did not grant rejects with
 * `AlipayReauthorizationRequiredError`, reason `api-not-granted`.
 */
export function forMerchant(sdk: AlipaySdk, auth: AppAuth, authAppId: string): MerchantAlipaySdk {
  async function exec(
    method: string,
    params: IRequestParams = {},
    options: IRequestOption & Idempotence = {},
  ): Promise<AlipaySdkCommonResult> {
    const { idempotent = method.endsWith('.query'), ...sdkOptions } = options
    try {
      return await auth.withToken(
        authAppId,
        async (appAuthToken) => {
          const result = await sdk.exec(method, withToken(params, appAuthToken), {
            validateSign: true,
            ...sdkOptions,
          })
          // exec answers business failures instead of throwing them: thrown here to be read.
          if (String(result.code) !== '10000') throw new ReturnedFailure(result)
          return result
        },
        { operation: method, idempotent },
      )
    } catch (error) {
      if (error instanceof ReturnedFailure) return error.result
      throw error
    }
  }

  // biome-ignore lint/suspicious/noExplicitAny: as MerchantAlipaySdk['curl']
  function curl<T = any>(
    httpMethod: CurlHttpMethod,
    path: string,
    options: AlipayCURLOptions & Idempotence = {},
  ): Promise<AlipayCommonResult<T>> {
    const { idempotent = httpMethod.toUpperCase() === 'GET', ...sdkOptions } = options
    return auth.withToken(
      authAppId,
      (appAuthToken) => sdk.curl<T>(httpMethod, path, { ...sdkOptions, appAuthToken }),
      { operation: `${httpMethod.toUpperCase()} ${path}`, idempotent },
    )
  }

  async function sdkExecute(
    method: string,
    bizParams: IRequestParams,
    options?: ISdkExecuteOptions,
  ): Promise<string> {
    const appAuthToken = await auth.getToken(authAppId)
    return sdk.sdkExecute(method, withToken(bizParams, appAuthToken), options)
  }

  async function pageExecute(
    method: string,
    httpMethodOrParams: IPageExecuteMethod | IPageExecuteParams,
    bizParams?: IPageExecuteParams,
  ): Promise<string> {
    const appAuthToken = await auth.getToken(authAppId)
    if (typeof httpMethodOrParams === 'string') {
      return sdk.pageExecute(method, httpMethodOrParams, withToken(bizParams ?? {}, appAuthToken))
    }
    return sdk.pageExecute(method, withToken(httpMethodOrParams, appAuthToken))
  }

  return { exec, curl, sdkExecute, pageExecute }
}

/**
 * The params with the merchant's token as the SDK reads it (`appAuthToken`, signed as the common
 * parameter `app_auth_token`), replacing any token the caller put there under either spelling.
 */
function withToken<P extends IRequestParams>(params: P, appAuthToken: string): P {
  const { appAuthToken: _camel, app_auth_token: _snake, ...rest } = params
  return { ...rest, appAuthToken } as unknown as P
}
