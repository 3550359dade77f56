import { v2SignContent, v3SignContent } from '@alipay-isv/core/signer'

/*
 * On a signature failure the gateway quotes the string it verified (docs/protocol.md §3), and
 * clients put that quote into error messages, which end up in logs; the request log holds it
 * too. So the quote masks what is secret in it: a merchant's `app_auth_token` (a placeholder of
 * the same place, with its length), a code or token inside `biz_content`, and under AES the whole
 * ciphertext (with the key it reads as all of those).
 */

const SECRET_JSON_FIELDS =
  /("(?:code|refresh_token|app_auth_token|app_refresh_token)"\s*:\s*")(?:[^"\\]|\\.)*"/g

function maskJson(text: string): string {
  return text.replace(SECRET_JSON_FIELDS, '$1<not quoted>"')
}

function maskToken(token: string): string {
  return `<app_auth_token: ${token.length} characters>`
}

function maskCiphertext(ciphertext: string): string {
  return `<AES ciphertext of ${ciphertext.length} characters, not quoted>`
}

/** The v2 string to sign of `params`, as a signature failure quotes it. */
export function quotedV2SignContent(params: Record<string, string>): string {
  const masked = { ...params }
  if (masked.app_auth_token) masked.app_auth_token = maskToken(masked.app_auth_token)
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
  // The token query's parameter, masked in place: the rest of the path stays as it was signed.
  const pathWithQuery = request.pathWithQuery.replace(
    /([?&]app_auth_token=)([^&]*)/g,
    (_match, name: string, token: string) => `${name}${maskToken(token)}`,
  )
  return v3SignContent(authString, {
    method: request.method,
    pathWithQuery,
    body: request.encrypted && request.body ? maskCiphertext(request.body) : maskJson(request.body),
    ...(request.appAuthToken ? { appAuthToken: maskToken(request.appAuthToken) } : {}),
  })
}
