import { AlipayConfigError } from '../errors.js'

/**
 * The one message shape of a bad adapter option:
 * `@alipay-isv/koa: option "prefix" must be …; got "alipay".` Objects are not echoed (they may
 * hold keys), and a rejected secret never is.
 */
export function adapterOptionError(
  adapter: string,
  option: string,
  expected: string,
  got: unknown,
): AlipayConfigError {
  return new AlipayConfigError(
    `${adapter}: option "${option}" must be ${expected}; got ${describeValue(got)}.`,
  )
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'function') return 'a function'
  if (value === null || typeof value !== 'object') return String(value)
  return Array.isArray(value) ? 'an array' : 'an object'
}
