import type { KeyObject } from 'node:crypto'
import { isSignType, signContent, verifyContent } from './rsa.js'
import { v2SignContent } from './v2-request.js'

/** A notification's fields, each decoded exactly once. */
export type NotifyParams = Readonly<Record<string, string>>

/**
 * Form-decodes a notification body once (`+` is a space, `%XX` is UTF-8). Keeps the first value
 * of a repeated field, as Alipay never repeats one.
 */
export function parseNotifyBody(body: string | URLSearchParams): Record<string, string> {
  const form = typeof body === 'string' ? new URLSearchParams(body) : body
  const params: Record<string, string> = {}
  for (const [name, value] of form) if (!(name in params)) params[name] = value
  return params
}

/** The string a notification's `sign` covers, with or without `sign_type` (docs/protocol.md §7). */
export function notifySignContent(params: NotifyParams, keepSignType: boolean): string {
  if (keepSignType) return v2SignContent(params)
  const { sign_type: _omitted, ...rest } = params
  return v2SignContent(rest)
}

export interface NotifyVerification {
  verified: boolean
  /** Which rule matched: most messages sign without `sign_type`, some with it. */
  rule?: 'without-sign-type' | 'with-sign-type'
  /** The string tried first, for diagnostics when nothing matched. */
  signedContent: string
}

/** docs/protocol.md §7: try without `sign_type`, then with it. */
export function verifyNotify(params: NotifyParams, alipayPublicKey: KeyObject): NotifyVerification {
  const signature = params.sign ?? ''
  const signType = isSignType(params.sign_type) ? params.sign_type : 'RSA2'
  const without = notifySignContent(params, false)
  if (verifyContent(without, signature, alipayPublicKey, signType)) {
    return { verified: true, rule: 'without-sign-type', signedContent: without }
  }
  const withType = notifySignContent(params, true)
  if (withType !== without && verifyContent(withType, signature, alipayPublicKey, signType)) {
    return { verified: true, rule: 'with-sign-type', signedContent: withType }
  }
  return { verified: false, signedContent: without }
}

/** Emulator side: signs a notification the common way (without `sign_type`). */
export function signNotify(
  params: NotifyParams,
  alipayPrivateKey: KeyObject,
  options: { keepSignType?: boolean } = {},
): string {
  return signContent(notifySignContent(params, options.keepSignType ?? false), alipayPrivateKey)
}
