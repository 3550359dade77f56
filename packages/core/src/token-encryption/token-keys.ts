import { AlipayConfigError } from '../errors.js'

/**
 * A key that encrypts merchant tokens at rest: 32 random bytes, raw or as base64. The id is
 * stored beside every value it encrypts, so that a key can be found again after a rotation:
 * it names the key, it must not be the key.
 */
export interface TokenKey {
  id: string
  key: string | Uint8Array
}

/** A validated key: its id and its 32 bytes. */
export interface ResolvedTokenKey {
  id: string
  key: Buffer
}

const KEY_BYTES = 32
/** Letters, digits, `.`, `_`, `-`: never the `:` and `,` that separate ids in a stored value or an environment variable. */
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const BASE64URL = /^[A-Za-z0-9_-]+$/
const HOW_TO_MAKE = 'Make one with `openssl rand -base64 32`.'

/**
 * Checks `tokenKeys` once, at construction: each a 32-byte key that looks random, ids unique.
 * Messages name the key by its position and id, never by its bytes.
 */
export function resolveTokenKeys(keys: readonly TokenKey[]): ResolvedTokenKey[] {
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new AlipayConfigError(
      `tokenKeys must be a non-empty array of { id, key }, the first one encrypting; leave the option out to store tokens unencrypted. ${HOW_TO_MAKE}`,
    )
  }
  const seen = new Set<string>()
  return keys.map((entry, index) => {
    const id = keyId(entry, index)
    if (seen.has(id)) {
      throw new AlipayConfigError(
        `tokenKeys has the id "${id}" twice. Give each key its own id: it is how a stored token finds its key.`,
      )
    }
    seen.add(id)
    return { id, key: keyBytes(entry?.key, `tokenKeys[${index}].key (id "${id}")`) }
  })
}

function keyId(entry: TokenKey | undefined, index: number): string {
  const id: unknown = entry?.id
  if (typeof id !== 'string' || !KEY_ID.test(id)) {
    throw new AlipayConfigError(
      `tokenKeys[${index}].id must be 1 to 64 letters, digits, '.', '_' or '-', e.g. "2026-01". It is stored beside every token it encrypts, so it must name the key, not be it.`,
    )
  }
  return id
}

function keyBytes(key: unknown, name: string): Buffer {
  let bytes: Buffer
  if (key instanceof Uint8Array) {
    bytes = Buffer.from(key)
  } else if (typeof key === 'string') {
    const text = key.trim()
    if (!BASE64.test(text) && !BASE64URL.test(text)) {
      throw new AlipayConfigError(
        `${name} is a string but not base64: give 32 random bytes as base64 (44 characters), or as a Buffer. ${HOW_TO_MAKE}`,
      )
    }
    bytes = Buffer.from(text, BASE64.test(text) ? 'base64' : 'base64url')
  } else {
    throw new AlipayConfigError(
      `${name} must be 32 random bytes: a Buffer or Uint8Array, or base64 text. ${HOW_TO_MAKE}`,
    )
  }
  if (bytes.length !== KEY_BYTES) {
    throw new AlipayConfigError(
      `${name} must be 32 bytes for AES-256; this one is ${bytes.length} bytes. ${HOW_TO_MAKE}`,
    )
  }
  if (!looksRandom(bytes)) {
    throw new AlipayConfigError(
      `${name} does not look random (a password, a placeholder or repeated bytes): a token key must be 32 random bytes. ${HOW_TO_MAKE}`,
    )
  }
  return bytes
}

/**
 * Random 32 bytes all printable ASCII, or with fewer than 8 distinct values, happen with odds
 * below 1e-13: such a key is a typed password or a placeholder, not a key.
 */
function looksRandom(bytes: Buffer): boolean {
  const printable = bytes.every((byte) => byte >= 0x20 && byte < 0x7f)
  return !printable && new Set(bytes).size >= 8
}
