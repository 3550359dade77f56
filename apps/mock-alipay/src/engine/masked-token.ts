/**
 * The string a failed signature was verified against, as the emulator quotes it (request log,
 * `sub_msg`): a merchant's `app_auth_token` in it is replaced by a placeholder of the same
 * place, because a token must never reach a log or an error message, and callers log both.
 */
export function maskAppAuthToken(signed: string, appAuthToken: string | undefined): string {
  if (!appAuthToken) return signed
  return signed.replaceAll(appAuthToken, `<app_auth_token: ${appAuthToken.length} characters>`)
}
