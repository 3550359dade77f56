import type { KeyObject } from 'node:crypto'
import { type SignType, signContent, verifyContent } from './rsa.js'

export type SignableValue = string | number | boolean | null | undefined
export type SignableParams = Readonly<Record<string, SignableValue>>

/**
 * The v2 canonical sign string (docs/protocol.md §3): every parameter but `sign`, empty values
 * dropped, names in byte order, `name=value` joined by `&`, values raw (not URL-encoded).
 */
export function v2SignContent(params: SignableParams): string {
  const pairs: [string, string][] = []
  for (const name of Object.keys(params)) {
    if (name === 'sign') continue
    const value = params[name]
    if (value === undefined || value === null || value === '') continue
    pairs.push([name, String(value)])
  }
  pairs.sort(([a], [b]) => compareBytes(a, b))
  let content = ''
  for (const [name, value] of pairs) {
    content += content === '' ? `${name}=${value}` : `&${name}=${value}`
  }
  return content
}

/** Signs a v2 request's parameters; returns the base64 `sign`. */
export function signV2Params(
  params: SignableParams,
  privateKey: KeyObject,
  signType: SignType = 'RSA2',
): string {
  return signContent(v2SignContent(params), privateKey, signType)
}

/** Verifies a v2 request's `sign` (what the gateway does). */
export function verifyV2Params(
  params: SignableParams,
  publicKey: KeyObject,
  signType: SignType = 'RSA2',
): boolean {
  const signature = params.sign
  if (typeof signature !== 'string') return false
  return verifyContent(v2SignContent(params), signature, publicKey, signType)
}

/** UTF-8 byte order. Equal to UTF-16 order except where surrogates meet U+E000..U+FFFF. */
function compareBytes(a: string, b: string): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return byteRank(x) - byteRank(y)
  }
  return a.length - b.length
}

function byteRank(codeUnit: number): number {
  // Surrogates encode code points above U+FFFF, whose UTF-8 bytes sort after U+E000..U+FFFF.
  if (codeUnit >= 0xd800 && codeUnit <= 0xdfff) return codeUnit + 0x2000
  if (codeUnit >= 0xe000) return codeUnit - 0x800
  return codeUnit
}
