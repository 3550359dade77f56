import { adapterOptionError } from './option-error.js'

// A JavaScript identifier: `app.<name>` and `ctx.state.<name>` read as plain property access.
const identifierPattern = /^[A-Za-z_$][\w$]*$/

/** Where an app reaches the AppAuth of an adapter when it names none. */
const defaultAccessorName = 'alipayAuth'

/**
 * The name under which an adapter hands its AppAuth to the app (Fastify's `decorator`, Koa's
 * `stateKey`), checked: one AppAuth per ISV app, so several in one server each need their own.
 */
export function resolveAccessorName(adapter: string, option: string, given: unknown): string {
  if (given === undefined) return defaultAccessorName
  if (typeof given !== 'string' || !identifierPattern.test(given)) {
    throw adapterOptionError(adapter, option, 'an identifier such as "miniAppAuth"', given)
  }
  return given
}
