import { AlipayApiError } from '../errors.js'

/**
 * What to do about each error Alipay documents for the token APIs: v2 `sub_code`s and codes
 * (docs/protocol.md §3), v3 codes (docs/protocol.md §4).
 */
const REAUTHORIZE = 'send the merchant through authorization again'
/** Refreshing gives a new token; if the refresh token is dead too, only authorization helps. */
const TOKEN_EXPIRED = `the app_auth_token has expired: refresh it (getToken does, ahead of expiry) or ${REAUTHORIZE}.`
/** For parameters this client always sends: their absence means the request was changed on the way. */
const ALTERED =
  'this client always sends it, so something between you and Alipay (a proxy, or a custom fetch) changed the request: check that, and report it to Alipay with the trace id if it persists.'

const BY_SUB_CODE: Record<string, string> = {
  'isp.unknow-error': 'Alipay had a temporary failure; retry later.',
  'aop.unknow-error': 'Alipay had a temporary failure; retry later.',
  'aop.invalid-app-auth-token': `the app_auth_token is not valid (cancelled or replaced by a refresh); use the merchant's current token, or ${REAUTHORIZE}.`,
  'aop.app-auth-token-time-out': TOKEN_EXPIRED,
  'aop.invalid-app-auth-token-no-api': `the merchant did not grant this API to your app; ${REAUTHORIZE} with this API's permission included.`,
  'isv.missing-method': `the request reached Alipay without \`method\`: pass the API's method name to execute() (e.g. 'alipay.trade.query'); for the token calls, ${ALTERED}`,
  'isv.missing-signature': `the request reached Alipay without \`sign\`; ${ALTERED}`,
  'isv.missing-signature-type': `the request reached Alipay without \`sign_type\`; ${ALTERED}`,
  'isv.missing-app-id': `the request reached Alipay without \`app_id\`; ${ALTERED}`,
  'isv.missing-timestamp': `the request reached Alipay without \`timestamp\`; ${ALTERED}`,
  'isv.missing-version': `the request reached Alipay without \`version\`; ${ALTERED}`,
  'isv.invalid-signature-type':
    'Alipay does not accept sign_type RSA2 for this app: in the Alipay console, set the app’s signing method (接口加签方式) to RSA2 keys and upload the public key of privateKey.',
  'isv.invalid-app-id':
    'Alipay does not know this appId here: check appId, and that environment/gateway match it (sandbox apps exist only in the sandbox).',
  'isv.invalid-method':
    'Alipay does not know this method name, or your app may not call it; check the spelling and your app’s abilities.',
  'isv.invalid-timestamp':
    'the timestamp is too far from Alipay’s clock; check that this server’s clock is synchronized (NTP).',
  'isv.invalid-parameter':
    'fix the parameter sub_msg names (for execute(), check biz_content against the API’s documentation); sending the same request again fails the same way.',
  'isv.code-invalid': `the code was already used or expired; ${REAUTHORIZE}.`,
  'isv.refresh-token-invalid': `the refresh token is no longer valid (already used, or the merchant cancelled); ${REAUTHORIZE}.`,
  'isv.refresh-token-time-out': `the refresh token has expired; ${REAUTHORIZE}.`,
  'isv.app-cert-not-exist':
    'Alipay has no app certificate with this app_cert_sn: upload the certificate in the Alipay console, or use public-key mode if the app is set up for it.',
  'isv.insufficient-isv-permissions':
    'your app lacks the permission for this API; add the third-party authorization ability (第三方应用授权) to the app in the Alipay console.',
}

const BY_CODE: Record<string, string> = {
  '20000': 'Alipay had a temporary failure; retry later.',
  '20001': `the app_auth_token cannot call this API; refresh it or ${REAUTHORIZE}.`,
  '40001':
    'add the parameter sub_msg names (for execute(), to biz_content as the API’s documentation lists it).',
  '40002': 'fix the parameter sub_msg names; sending the same request again fails the same way.',
  '40004':
    'Alipay refused the business operation: resolve what sub_msg describes (look the sub_code up in the API’s documentation) before trying again; the same request fails the same way.',
  '40006': 'your app lacks the permission for this API; add the ability in the Alipay console.',
  APP_NOT_ISV:
    'this appId is not a third-party app (第三方应用); create one in the Alipay console and use its appId.',
  GRANT_TYPE_INVALID: `grant_type must be authorization_code or refresh_token; ${ALTERED}`,
  AUTH_CODE_NOT_EXIST: `the code does not exist; ${REAUTHORIZE}.`,
  AUTH_CODE_NOT_VALID: `the code was already used or expired; ${REAUTHORIZE}.`,
  APP_ID_NOT_CONSISTENT:
    'the code was issued to another app; exchange it with the appId the merchant authorized.',
  AUTH_TOKEN_NOT_FOUND: `Alipay does not know this app_auth_token; ${REAUTHORIZE}.`,
  // Alipay publishes no v3 code for an expired token; this is the emulator's (apps/mock-alipay README).
  AUTH_TOKEN_TIME_OUT: TOKEN_EXPIRED,
  'invalid-app-auth-token': `the app_auth_token is not valid (cancelled or replaced by a refresh); use the merchant's current token, or ${REAUTHORIZE}.`,
  'app-auth-token-time-out': TOKEN_EXPIRED,
  'invalid-app-auth-token-no-api': `the merchant did not grant this API to your app; ${REAUTHORIZE} with this API's permission included.`,
  REFRESH_TOKEN_NOT_EXIST: `Alipay does not know this refresh token; ${REAUTHORIZE}.`,
  REFRESH_TOKEN_NOT_VALID: `the refresh token is no longer valid (already used, or the merchant cancelled); ${REAUTHORIZE}.`,
  REFRESH_TOKEN_TIME_OUT: `the refresh token has expired; ${REAUTHORIZE}.`,
}

const SIGNATURE_CODES = new Set(['isv.invalid-signature', 'invalid-signature'])

/**
 * docs/protocol.md §3: the gateway's sub_msg quotes the string it verified; the message shows it
 * before this advice.
 */
const SIGNATURE_ADVICE =
  'Alipay could not verify the request signature: check that privateKey matches the app public key (or app certificate) uploaded for this appId in the Alipay console, and that environment/gateway is where it was uploaded. Compare the string the gateway verified (quoted above) with the one this client signed.'

export function adviceFor(code?: string, subCode?: string): string {
  if (SIGNATURE_CODES.has(subCode ?? '') || SIGNATURE_CODES.has(code ?? '')) {
    return SIGNATURE_ADVICE
  }
  return (
    BY_SUB_CODE[subCode ?? ''] ??
    BY_CODE[code ?? ''] ??
    'see sub_msg, and Alipay’s error code documentation for this API.'
  )
}

/** Alipay refused an app_auth_token (unknown, replaced, or timed out): a refresh may recover it. */
const INVALID_APP_AUTH_TOKEN_CODES = new Set([
  'aop.invalid-app-auth-token',
  'aop.app-auth-token-time-out',
  'AUTH_TOKEN_NOT_FOUND',
  'AUTH_TOKEN_TIME_OUT',
  // v3 business calls: Alipay publishes no code; the emulator's are the v2 sub_codes without
  // `aop.` (docs/protocol.md §9).
  'invalid-app-auth-token',
  'app-auth-token-time-out',
])

/** v2 sub_codes and v3 codes that mean the refresh token is dead: refreshing again cannot help. */
const DEAD_REFRESH_TOKEN_CODES = new Set([
  'isv.refresh-token-invalid',
  'isv.refresh-token-time-out',
  'REFRESH_TOKEN_NOT_VALID',
  'REFRESH_TOKEN_TIME_OUT',
  'REFRESH_TOKEN_NOT_EXIST',
])

/**
 * Alipay refused a merchant's token for this API only: it was never granted (docs/protocol.md
 * "Calling for a merchant").
 */
const API_NOT_GRANTED_CODES = new Set([
  'aop.invalid-app-auth-token-no-api',
  'invalid-app-auth-token-no-api',
])

/**
 * How Alipay refused a call made with a merchant's token: `invalid` (unknown, replaced, timed
 * out: renewing it may help), `api-not-granted`, or undefined for any other answer. Reads `code`
 * and `subCode` of any error, so the official SDK's errors are read the same way.
 */
export function tokenRefusalOf(error: unknown): 'invalid' | 'api-not-granted' | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { code, subCode } = error as { code?: unknown; subCode?: unknown }
  const codes = [subCode, code].filter((value): value is string => typeof value === 'string')
  if (codes.some((value) => API_NOT_GRANTED_CODES.has(value))) return 'api-not-granted'
  if (codes.some((value) => INVALID_APP_AUTH_TOKEN_CODES.has(value))) return 'invalid'
  return undefined
}

/** Alipay refused the refresh token itself: only a new authorization helps. */
export function isDeadRefreshToken(error: unknown): error is AlipayApiError {
  return hasCode(error, DEAD_REFRESH_TOKEN_CODES)
}

/** Alipay refused an app_auth_token as unknown, replaced or timed out. */
export function isInvalidAppAuthToken(error: unknown): error is AlipayApiError {
  return hasCode(error, INVALID_APP_AUTH_TOKEN_CODES)
}

function hasCode(error: unknown, codes: Set<string>): error is AlipayApiError {
  return (
    error instanceof AlipayApiError &&
    (codes.has(error.subCode ?? '') || codes.has(error.code ?? ''))
  )
}
