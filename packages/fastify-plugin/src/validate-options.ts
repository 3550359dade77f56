import { AlipayConfigError } from '@alipay-isv/core'
import type { AlipayAuthRouteOptions } from './options.js'

/** RFC 6265 cookie-name token characters. */
const cookieNamePattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const minimumSecretLength = 32

/** Register-time checks of the plugin's own options; AppAuth checks its options itself. */
export function validateRouteOptions(options: AlipayAuthRouteOptions): void {
  checkPath('prefix', options.prefix)
  if (
    options.routes !== undefined &&
    (typeof options.routes !== 'object' || options.routes === null)
  ) {
    fail('routes', 'must be an object like { callback: "/back", notify: false }', options.routes)
  }
  for (const route of ['authorize', 'callback', 'notify'] as const) {
    const path = options.routes?.[route]
    if (path !== false) checkPath(`routes.${route}`, path)
  }
  if (options.onAuthorized !== undefined && typeof options.onAuthorized !== 'function') {
    fail('onAuthorized', 'must be a function (merchants, request) => void', options.onAuthorized)
  }
  if (
    options.successRedirect !== undefined &&
    (typeof options.successRedirect !== 'string' || options.successRedirect === '')
  ) {
    fail('successRedirect', 'must be a non-empty URL or path', options.successRedirect)
  }
  if (
    options.cookieName !== undefined &&
    (typeof options.cookieName !== 'string' || !cookieNamePattern.test(options.cookieName))
  ) {
    fail(
      'cookieName',
      "must be a cookie name (letters, digits and !#$%&'*+-.^_`|~)",
      options.cookieName,
    )
  }
  if (options.logEvents !== undefined && typeof options.logEvents !== 'boolean') {
    fail('logEvents', 'must be true or false', options.logEvents)
  }
  if (options.cookieSecret !== undefined) checkSecret(options.cookieSecret)
}

function checkPath(option: string, path: unknown): void {
  if (path === undefined) return
  if (typeof path !== 'string' || !path.startsWith('/') || /[?#\s]/.test(path)) {
    fail(option, 'must be a path starting with "/" (no query, no spaces)', path)
  }
}

function checkSecret(secret: unknown): void {
  const secrets = Array.isArray(secret) ? secret : [secret]
  const usable = secrets.every(
    (candidate) => typeof candidate === 'string' && candidate.length >= minimumSecretLength,
  )
  if (secrets.length === 0 || !usable) {
    // Never echo a secret back, not even a short one.
    throw new AlipayConfigError(
      `@alipay-isv/fastify: option "cookieSecret" must be a string of at least ${minimumSecretLength} characters, or a non-empty array of them (the first signs, all verify). Generate one with: node -e "console.log(crypto.randomBytes(32).toString('base64url'))"`,
    )
  }
}

function fail(option: string, rule: string, got: unknown): never {
  throw new AlipayConfigError(
    `@alipay-isv/fastify: option "${option}" ${rule}; got ${JSON.stringify(got) ?? String(got)}.`,
  )
}
