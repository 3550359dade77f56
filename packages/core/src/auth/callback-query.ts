import { createHash, timingSafeEqual } from 'node:crypto'
import { AlipayStateError } from '../errors.js'

export type CallbackQuery = URLSearchParams | Record<string, string | string[] | undefined>

/**
 * docs/protocol.md §1 step 2: `app_id`, `source=alipay_app_auth`, `state`, `app_auth_code`. Checks
 * what can be checked without the store; the first value of a repeated parameter counts.
 */
export function readCallback(query: CallbackQuery, appId: string): { state: string; code: string } {
  const read = (name: string) => {
    const value = query instanceof URLSearchParams ? query.get(name) : query[name]
    const first = Array.isArray(value) ? value[0] : value
    return first === null || first === undefined || first === '' ? undefined : first
  }
  if (read('app_id') !== appId) {
    throw new AlipayStateError(
      'app-id-mismatch',
      `The callback names app_id ${JSON.stringify(read('app_id') ?? null)}, not this app (${appId}); it was not meant for this app. Start the authorization again.`,
    )
  }
  if (read('source') !== 'alipay_app_auth') {
    throw new AlipayStateError(
      'bad-source',
      'The callback does not come from Alipay’s app authorization (source is not alipay_app_auth). Start the authorization from authorizeUrl.',
    )
  }
  const state = read('state')
  if (state === undefined) {
    throw new AlipayStateError(
      'missing-state',
      'The callback carries no state, so it cannot be tied to an authorization this app started. Start the authorization from authorizeUrl.',
    )
  }
  const code = read('app_auth_code')
  if (code === undefined) {
    throw new AlipayStateError(
      'missing-code',
      'The callback carries no app_auth_code: the merchant did not complete authorization. Start it again.',
    )
  }
  return { state, code }
}

/** Constant-time comparison, whatever the lengths (the digests are equal-length). */
export function sameSecret(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(expected), digest(given))
}
