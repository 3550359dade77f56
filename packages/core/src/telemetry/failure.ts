import type { Attributes } from '@opentelemetry/api'

/**
 * What a span or a metric may say about an error: its class and Alipay's codes. Never its message,
 * which may quote what Alipay answered (a signature check quotes the content it verified).
 */
export function failureAttributes(error: unknown): Attributes {
  const { name, code, subCode } = error as { name?: unknown; code?: unknown; subCode?: unknown }
  const type = typeof name === 'string' ? name : 'Error'
  return {
    'error.type': text(subCode) ?? text(code) ?? type,
    ...(text(code) === undefined ? {} : { 'alipay.code': text(code) }),
    ...(text(subCode) === undefined ? {} : { 'alipay.sub_code': text(subCode) }),
  }
}

/** A span status message: `AlipayApiError 40004 isv.invalid-app-auth-token`. */
export function failureDescription(error: unknown): string {
  const { name, code, subCode } = error as { name?: unknown; code?: unknown; subCode?: unknown }
  return [typeof name === 'string' ? name : 'Error', text(code), text(subCode)]
    .filter((part) => part !== undefined)
    .join(' ')
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
