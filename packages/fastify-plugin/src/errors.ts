import createError from '@fastify/error'

/** Typed constructors: literal code and status, and named message arguments instead of any. */
const defineErrors =
  <Arg extends unknown[]>() =>
  <C extends string, S extends number>(code: C, message: string, status: S) =>
    createError<C, S, Arg>(code, message, status)
const startAgainError = defineErrors<[startAgainAt: string]>()
const detailedError = defineErrors<[detail: string, startAgainAt: string]>()

/**
 * Every error the plugin's routes answer with: a stable `code` (documented in the README) and a
 * 4xx/502 status. `%s` is the authorize route, so each message ends with where to start again.
 */
export const StateMissingError = startAgainError(
  'ALIPAY_STATE_MISSING',
  'The callback carries no state, so it cannot be matched to an authorization this site started. Start again at %s.',
  400,
)
export const StateExpiredError = startAgainError(
  'ALIPAY_STATE_EXPIRED',
  'This authorization has expired or was already completed. Start again at %s.',
  400,
)
export const StateBrowserMismatchError = startAgainError(
  'ALIPAY_STATE_BROWSER_MISMATCH',
  'This authorization was started in another browser, or its cookie was lost or altered. Start again at %s in this browser.',
  400,
)
export const AppIdMismatchError = startAgainError(
  'ALIPAY_APP_ID_MISMATCH',
  'The callback is meant for another Alipay app than this one. Check that redirectUri belongs to this app, then start again at %s.',
  400,
)
export const BadSourceError = startAgainError(
  'ALIPAY_BAD_SOURCE',
  'The callback did not come from Alipay app authorization (source is not alipay_app_auth). Start again at %s.',
  400,
)
export const CodeMissingError = startAgainError(
  'ALIPAY_CODE_MISSING',
  'The callback carries no app_auth_code; the merchant may have declined. Start again at %s.',
  400,
)
export const DuplicateCallbackError = startAgainError(
  'ALIPAY_DUPLICATE_CALLBACK',
  'This authorization was already completed (the link was opened twice). If the merchant is not listed, start again at %s.',
  409,
)
export const CodeInvalidError = startAgainError(
  'ALIPAY_CODE_INVALID',
  'Alipay says the authorization code was already used or has expired; nothing was stored. Send the merchant through authorization again at %s.',
  400,
)
export const AlipayRefusedError = detailedError(
  'ALIPAY_API_ERROR',
  'Alipay refused the code exchange (%s); nothing was stored. Check the app configuration, then start again at %s.',
  502,
)
export const UntrustedResponseError = startAgainError(
  'ALIPAY_UNTRUSTED_RESPONSE',
  "Alipay's answer could not be trusted (bad signature or malformed), so nothing was stored. Check alipayPublicKey, then start again at %s.",
  502,
)
export const AlipayUnreachableError = detailedError(
  'ALIPAY_UNREACHABLE',
  'Alipay could not be reached (%s), so nothing was stored. Try again at %s in a moment.',
  502,
)
