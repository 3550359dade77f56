import {
  AlipayApiError,
  AlipayDuplicateCallbackError,
  type AlipayError,
  AlipayResponseError,
  AlipaySignatureError,
  AlipayStateError,
  type AlipayStateErrorReason,
  AlipayTimeoutError,
  AlipayTransportError,
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

const stateErrors: Record<AlipayStateErrorReason, new (authorizePath: string) => FastifyError> = {
  'missing-state': StateMissingError,
  'unknown-or-expired-state': StateExpiredError,
  'browser-mismatch': StateBrowserMismatchError,
  'app-id-mismatch': AppIdMismatchError,
  'bad-source': BadSourceError,
  'missing-code': CodeMissingError,
}

/** Sub-codes meaning "this code is spent or stale" (SPEC §3, §4): the user's fix is to start again. */
const spentCodeSubCodes = new Set([
  'isv.code-invalid',
  'AUTH_CODE_NOT_EXIST',
  'AUTH_CODE_NOT_VALID',
])

/**
 * The reply for a core error raised by a plugin route, or undefined when it is not one the
 * flow raises (left to Fastify). Messages are the plugin's own: core messages may quote
 * Alipay's raw answer, which can hold tokens.
 */
export function toReplyError(error: AlipayError, authorizePath: string): FastifyError | undefined {
  if (error instanceof AlipayStateError) return new stateErrors[error.reason](authorizePath)
  if (error instanceof AlipayDuplicateCallbackError)
    return new DuplicateCallbackError(authorizePath)
  if (error instanceof AlipayApiError) {
    const subCode = error.subCode ?? error.code ?? 'unknown'
    return spentCodeSubCodes.has(subCode)
      ? new CodeInvalidError(authorizePath)
      : new AlipayRefusedError(subCode, authorizePath)
  }
  if (error instanceof AlipaySignatureError || error instanceof AlipayResponseError) {
    return new UntrustedResponseError(authorizePath)
  }
  if (error instanceof AlipayTimeoutError)
    return new AlipayUnreachableError('timed out', authorizePath)
  if (error instanceof AlipayTransportError) {
    return new AlipayUnreachableError('connection failed', authorizePath)
  }
  return undefined
}

/** The fields of a core error that are safe and useful in a log line: never its message or body. */
export function loggableFields(error: AlipayError): Record<string, string | undefined> {
  return {
    error: error.name,
    reason: error instanceof AlipayStateError ? error.reason : undefined,
    alipayCode: error.code,
    subCode: error.subCode,
    traceId: error.traceId,
  }
}
