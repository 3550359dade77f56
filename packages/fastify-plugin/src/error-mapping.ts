import {
  type CallbackFailure,
  type CallbackFailureCode,
  describeCallbackFailure,
} from '@alipay-isv/core'
import type { FastifyError } from 'fastify'
import {
  AlipayRefusedError,
  AlipayUnreachableError,
  AppIdMismatchError,
  BadSourceError,
  CodeInvalidError,
  CodeMissingError,
  DuplicateCallbackError,
  StateBrowserMismatchError,
  StateExpiredError,
  StateMissingError,
  UntrustedResponseError,
} from './errors.js'

const replyErrors: Record<CallbackFailureCode, new (message: string) => FastifyError> = {
  ALIPAY_STATE_MISSING: StateMissingError,
  ALIPAY_STATE_EXPIRED: StateExpiredError,
  ALIPAY_STATE_BROWSER_MISMATCH: StateBrowserMismatchError,
  ALIPAY_APP_ID_MISMATCH: AppIdMismatchError,
  ALIPAY_BAD_SOURCE: BadSourceError,
  ALIPAY_CODE_MISSING: CodeMissingError,
  ALIPAY_DUPLICATE_CALLBACK: DuplicateCallbackError,
  ALIPAY_CODE_INVALID: CodeInvalidError,
  ALIPAY_API_ERROR: AlipayRefusedError,
  ALIPAY_UNTRUSTED_RESPONSE: UntrustedResponseError,
  ALIPAY_UNREACHABLE: AlipayUnreachableError,
}

export interface ReplyFailure {
  replyError: FastifyError
  statusCode: number
  /** Safe for the log: never the message of a core error, which may quote Alipay's answer. */
  logFields: Record<string, string>
  /** Core's description, for the HTML page a browser is answered with. */
  failure: CallbackFailure
}

/**
 * The plugin's error for a failure of the callback flow; undefined when core does not call it
 * the visitor's or Alipay's doing (a store failure, a throwing onAuthorized): left to Fastify.
 */
export function toReplyError(
  error: unknown,
  authorizePath: string | undefined,
): ReplyFailure | undefined {
  const failure = describeCallbackFailure(error, { authorizePath })
  if (failure === undefined) return undefined
  const replyError = new replyErrors[failure.code](failure.message)
  return { replyError, statusCode: failure.status, logFields: failure.logFields, failure }
}
