import {
  AlipayApiError,
  AlipayDuplicateCallbackError,
  AlipayResponseError,
  AlipaySignatureError,
  AlipayStateError,
  type AlipayStateErrorReason,
  AlipayTimeoutError,
  AlipayTransportError,
} from '@alipay-isv/core'

/** What the browser is told when a callback fails: an HTTP status, a stable code, what to do. */
export interface CallbackFailure {
  status: number
  code: string
  message: string
}

const stateFailures: Record<AlipayStateErrorReason, { code: string; what: string }> = {
  'missing-state': {
    code: 'ALIPAY_STATE_MISSING',
    what: 'The callback carries no state, so it cannot be matched to an authorization started here.',
  },
  'unknown-or-expired-state': {
    code: 'ALIPAY_STATE_EXPIRED',
    what: 'This authorization has expired or was already completed.',
  },
  'browser-mismatch': {
    code: 'ALIPAY_STATE_BROWSER_MISMATCH',
    what: 'This authorization was started in another browser, or its cookie was lost; finish it in the browser that started it.',
  },
  'app-id-mismatch': {
    code: 'ALIPAY_APP_ID_MISMATCH',
    what: "The callback is for another Alipay app than this site's.",
  },
  'bad-source': {
    code: 'ALIPAY_BAD_SOURCE',
    what: 'The callback did not come from Alipay app authorization.',
  },
  'missing-code': {
    code: 'ALIPAY_CODE_MISSING',
    what: 'The callback carries no authorization code; the merchant may have declined.',
  },
}

// v2 sub_code and v3 codes of an authorization code that was used already or expired (SPEC §3, §4).
const codeRejected = new Set(['isv.code-invalid', 'AUTH_CODE_NOT_VALID', 'AUTH_CODE_NOT_EXIST'])

/**
 * Translate an error of `AppAuth.handleCallback` into a client answer, or undefined when it is
 * not the client's or Alipay's doing (a store failure): that one is the app's to handle.
 * `startAgain` ends every message, e.g. "Start again at /alipay/authorize."
 */
export function describeCallbackFailure(
  error: unknown,
  startAgain: string,
): CallbackFailure | undefined {
  if (error instanceof AlipayStateError) {
    const { code, what } = stateFailures[error.reason]
    return { status: 400, code, message: `${what} ${startAgain}` }
  }
  if (error instanceof AlipayDuplicateCallbackError) {
    const message = `This authorization code was already used; nothing more happened. ${startAgain}`
    return { status: 409, code: 'ALIPAY_DUPLICATE_CALLBACK', message }
  }
  if (error instanceof AlipayApiError) {
    if (codeRejected.has(error.subCode ?? error.code ?? '')) {
      const message = `Alipay rejected the authorization code as used or expired. ${startAgain}`
      return { status: 400, code: 'ALIPAY_CODE_INVALID', message }
    }
    const reason = [error.code, error.subCode].filter(Boolean).join(' ')
    const message = `Alipay refused the authorization (${reason}); nothing was stored. ${startAgain}`
    return { status: 502, code: 'ALIPAY_API_ERROR', message }
  }
  if (error instanceof AlipaySignatureError || error instanceof AlipayResponseError) {
    const message = `Alipay's answer could not be trusted, so nothing was stored. ${startAgain}`
    return { status: 502, code: 'ALIPAY_UNTRUSTED_RESPONSE', message }
  }
  if (error instanceof AlipayTimeoutError || error instanceof AlipayTransportError) {
    const message = `Alipay could not be reached, so nothing was stored. ${startAgain}`
    return { status: 502, code: 'ALIPAY_UNREACHABLE', message }
  }
  return undefined
}
