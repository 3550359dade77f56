import { AlipayApiError, type AlipayErrorDetails } from '../errors.js'
import { adviceFor } from './error-advice.js'
import { redact } from './redact.js'

export interface ApiErrorFields extends Omit<AlipayErrorDetails, 'cause'> {
  /** What was being done, e.g. `alipay.open.auth.token.app`. */
  operation: string
  /**
   * False for an error Alipay did not sign (docs/protocol.md §3: an `error_response` may be
   * unsigned).
   */
  signed: boolean
  /** Values this call sent that must not appear in the message or `rawBody`. */
  secrets: readonly string[]
  /** The answer's node (v2) or body (v3). */
  response?: Record<string, unknown>
}

export function toApiError(fields: ApiErrorFields): AlipayApiError {
  const clean = (text?: string) => (text === undefined ? undefined : redact(text, fields.secrets))
  const subMsg = clean(fields.subMsg)
  const what = [fields.code, fields.subCode].filter(Boolean).join(' ') || 'an error'
  const message =
    `${fields.operation} failed: Alipay answered ${what}` +
    (subMsg ? ` ("${subMsg}")` : '') +
    (fields.signed ? '' : ' in an unsigned response') +
    `; ${adviceFor(fields.code, fields.subCode)}`
  return new AlipayApiError(message, {
    code: fields.code,
    subCode: fields.subCode,
    subMsg,
    traceId: fields.traceId,
    httpStatus: fields.httpStatus,
    rawBody: clean(fields.rawBody),
    response:
      fields.response &&
      (JSON.parse(clean(JSON.stringify(fields.response)) as string) as Record<string, unknown>),
  })
}
