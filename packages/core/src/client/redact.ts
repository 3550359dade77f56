/** A JSON value may run to the end of the text: a diagnostic may quote content cut short. */
const TOKEN_FIELDS =
  /("(?:app_auth_token|app_refresh_token|refresh_token)"\s*:\s*")[^"]*("|$)|((?:^|&)app_auth_token=)[^&]*/g

/**
 * Removes tokens from text that may end up in a message or a log: the values this call sent
 * (`secrets`), and any token-named field (the gateway's `sub_msg` quotes whole requests).
 */
export function redact(text: string, secrets: readonly string[]): string {
  let clean = text.replace(
    TOKEN_FIELDS,
    (_match, jsonHead?: string, jsonTail?: string, formHead?: string) =>
      jsonHead === undefined ? `${formHead}[redacted]` : `${jsonHead}[redacted]${jsonTail}`,
  )
  for (const secret of secrets) {
    if (secret.length < 4) continue
    // Also as a JSON string quotes it when the answer escapes "/" (base64 ciphertext has them).
    clean = clean
      .replaceAll(secret, '[redacted]')
      .replaceAll(secret.replaceAll('/', '\\/'), '[redacted]')
  }
  return clean
}
