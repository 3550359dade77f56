/** Enough to recognise a value in a log; a notify_id Alipay sends is about this long. */
const ECHOED_CHARACTERS = 40

/**
 * A value a client sent, as a log line or an error may echo it: at most `ECHOED_CHARACTERS`
 * characters, everything outside printable ASCII escaped (`\u0000`), and the length when cut.
 * A request of any size then costs the log a few dozen bytes.
 */
export function echoedValue(value: string): string {
  const escaped = value
    .slice(0, ECHOED_CHARACTERS)
    .replace(
      /[^\x20-\x7e]/g,
      (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
  return value.length > ECHOED_CHARACTERS ? `${escaped}… (${value.length} characters)` : escaped
}
