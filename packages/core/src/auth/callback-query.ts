import { AlipayStateError } from '../errors.js'
import { echoedValue } from './echoed-value.js'

export type CallbackQuery = URLSearchParams | Record<string, string | string[] | undefined>

export interface CallbackParams {
  /** Absent in a callback from an invitation (console links and QR codes carry no state). */
  state?: string
  code: string
}

/**
 * The codes Alipay issues are a few dozen letters and digits. This bound is ours, far above
 * them: anything longer or stranger is not a code, and is refused before it reaches a store or
 * Alipay.
 */
const CODE_PATTERN = /^[\w.-]{1,128}$/

/**
 * docs/protocol.md §1 step 2: `app_id`, `source=alipay_app_auth`, `app_auth_code` and `state`.
 * Checks what can be checked without a store, in that order. A parameter repeated with different
 * values is refused: which one counts would otherwise depend on the framework's query parser.
 */
export function readCallback(query: CallbackQuery, appId: string): CallbackParams {
  const read = (name: string) => {
    const value = query instanceof URLSearchParams ? query.getAll(name) : query[name]
    const values = Array.isArray(value) ? [...new Set(value)] : [value]
    if (values.length > 1) {
      throw new AlipayStateError(
        'repeated-parameter',
        `The callback carries ${name} more than once, with different values; Alipay's redirect never does. Open the link Alipay redirected to, unchanged.`,
      )
    }
    const first = values[0]
    return first === undefined || first === '' ? undefined : first
  }
  const givenAppId = read('app_id')
  if (givenAppId === undefined) {
    throw new AlipayStateError(
      'missing-app-id',
      `The callback carries no app_id, so it cannot be Alipay's redirect for this app (${appId}). Start the authorization again.`,
    )
  }
  if (givenAppId !== appId) {
    throw new AlipayStateError(
      'app-id-mismatch',
      `The callback names app_id "${echoedValue(givenAppId)}", not this app (${appId}); it was not meant for this app. Start the authorization again.`,
    )
  }
  if (read('source') !== 'alipay_app_auth') {
    throw new AlipayStateError(
      'bad-source',
      'The callback does not come from Alipay’s app authorization (source is not alipay_app_auth). Start the authorization from authorizeUrl.',
    )
  }
  const code = read('app_auth_code')
  if (code === undefined) {
    throw new AlipayStateError(
      'missing-code',
      'The callback carries no app_auth_code: the merchant did not complete authorization. Start it again.',
    )
  }
  if (!CODE_PATTERN.test(code)) {
    throw new AlipayStateError(
      'malformed-code',
      'The callback’s app_auth_code is not one Alipay issues (at most 128 letters, digits, "-", "_" or "."). Start the authorization again.',
    )
  }
  const state = read('state')
  return state === undefined ? { code } : { state, code }
}
