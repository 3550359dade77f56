import { v2SignContent, v3SignContent } from '@alipay-isv/core/signer'

/*
 * On a signature failure the gateway quotes the string it verified (docs/protocol.md §3), and
 * clients put that quote into error messages, which end up in logs. So the quote masks what is
 * secret in it: a token, a code, a refresh token, and under AES the whole ciphertext (with the
 * key it reads as all of those). The request log keeps the string as it was verified.
 */

const SECRET_JSON_FIELDS =
  /("(?:code|refresh_token|app_auth_token|app_refresh_token)"\s*:\s*")(?:[^"\\]|\\.)*"/g

function maskJson(text: string): string {
  return text.replace(SECRET_JSON_FIELDS, '$1<not quoted>"')
}

function maskCiphertext(ciphertext: string): string {
  return `<AES ciphertext of ${ciphertext.length} characters, not quoted>`
}

/** The v2 string to sign of `params`, as a signature failure quotes it. */
export function quotedV2SignContent(params: Record<string, string>): string {
  const masked = { ...params }
  if (masked.app_auth_token) masked.app_auth_token = '<not quoted>'
  if (masked.biz_content !== undefined) {
    masked.biz_content =
      params.encrypt_type === 'AES'
        ? maskCiphertext(masked.biz_content)
        : maskJson(masked.biz_content)
  }
  return v2SignContent(masked)
}

/** The v3 string to sign, as a signature failure quotes it. */
export function quotedV3SignContent(
  authString: string,
  request: {
    method: string
    pathWithQuery: string
    body: string
    appAuthToken?: string
    encrypted: boolean
  },
): string {
  const url = new URL(request.pathWithQuery, 'http://quote.invalid')
  if (url.searchParams.has('app_auth_token')) url.searchParams.set('app_auth_token', '<not quoted>')
  return v3SignContent(authString, {
    method: request.method,
    pathWithQuery: `${url.pathname}${url.search}`,
    body: request.encrypted && request.body ? maskCiphertext(request.body) : maskJson(request.body),
    ...(request.appAuthToken ? { appAuthToken: '<not quoted>' } : {}),
  })
}
