import { type CallbackFailureCode, callbackFailureCodes } from '@alipay-isv/core'
import createError from '@fastify/error'

/**
 * One constructor per stable code of a failed callback (core's `callbackFailureCodes`), with its
 * literal code and status. The message is core's, which says what happened and where to start
 * again; `%s` keeps @fastify/error from formatting it.
 */
/** An error of one stable code. Declared here so the public types need none of @fastify/error's. */
export interface AlipayCallbackError<C extends CallbackFailureCode> extends Error {
  code: C
  statusCode: (typeof callbackFailureCodes)[C]
}

export interface AlipayCallbackErrorConstructor<C extends CallbackFailureCode> {
  new (message: string): AlipayCallbackError<C>
  (message: string): AlipayCallbackError<C>
  readonly prototype: AlipayCallbackError<C>
}

const defineError = <C extends CallbackFailureCode>(code: C): AlipayCallbackErrorConstructor<C> =>
  createError<C, (typeof callbackFailureCodes)[C], [message: string]>(
    code,
    '%s',
    callbackFailureCodes[code],
  )

export const StateMissingError = defineError('ALIPAY_STATE_MISSING')
export const StateExpiredError = defineError('ALIPAY_STATE_EXPIRED')
export const StateBrowserMismatchError = defineError('ALIPAY_STATE_BROWSER_MISMATCH')
export const AppIdMismatchError = defineError('ALIPAY_APP_ID_MISMATCH')
export const BadSourceError = defineError('ALIPAY_BAD_SOURCE')
export const CodeMissingError = defineError('ALIPAY_CODE_MISSING')
export const DuplicateCallbackError = defineError('ALIPAY_DUPLICATE_CALLBACK')
export const CodeInvalidError = defineError('ALIPAY_CODE_INVALID')
export const AlipayRefusedError = defineError('ALIPAY_API_ERROR')
export const UntrustedResponseError = defineError('ALIPAY_UNTRUSTED_RESPONSE')
export const AlipayUnreachableError = defineError('ALIPAY_UNREACHABLE')

/**
 * `GET <prefix>/authorize?redirect_uri=…` with a value that is not one absolute http(s) URL: the
 * visitor's mistake (400), not the server's configuration.
 */
export interface RedirectUriInvalidErrorConstructor {
  new (): Error & { code: 'ALIPAY_REDIRECT_URI_INVALID'; statusCode: 400 }
  (): Error & { code: 'ALIPAY_REDIRECT_URI_INVALID'; statusCode: 400 }
}

export const RedirectUriInvalidError: RedirectUriInvalidErrorConstructor = createError<
  'ALIPAY_REDIRECT_URI_INVALID',
  400,
  []
>(
  'ALIPAY_REDIRECT_URI_INVALID',
  'The redirect_uri query parameter must be one absolute http(s) URL, the callback URL registered with Alipay; leave it out to use the configured redirectUri.',
  400,
)
