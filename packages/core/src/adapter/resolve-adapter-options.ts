import { AlipayConfigError } from '../errors.js'
import { adapterAppAuth } from './adapter-app-auth.js'
import {
  type AdapterOptions,
  type AdapterRouteName,
  adapterDefaults,
  adapterOptionNames,
  type ResolvedAdapterOptions,
} from './adapter-options.js'
import { type CookieSigner, createCookieSigner } from './cookie-signer.js'
import { adapterOptionError } from './option-error.js'

// One or more `/segment`s: no trailing slash, no query, no spaces.
const pathPattern = /^(\/[\w.~%!$&'()*+,;=:@-]+)+$/
// RFC 6265 cookie-name token.
const cookieNamePattern = /^[!#$%&'*+.^`|~\w-]+$/
const minimumSecretLength = 32

/**
 * Checks the options every adapter shares, with one set of messages, and builds the AppAuth from
 * what is left once the adapter's options (shared, and `ownOptions` of its own) are taken out.
 * `adapter` names the package in every message, e.g. `@alipay-isv/koa`.
 */
export function resolveAdapterOptions<Request>(
  adapter: string,
  options: unknown,
  ownOptions: readonly string[] = [],
): ResolvedAdapterOptions<Request> {
  if (typeof options !== 'object' || options === null) {
    throw new AlipayConfigError(`${adapter}: the options must be an object.`)
  }
  const given = options as AdapterOptions<Request> & Record<string, unknown>
  const bad = (option: string, expected: string, got: unknown) =>
    adapterOptionError(adapter, option, expected, got)
  const prefix = given.prefix ?? adapterDefaults.prefix
  if (typeof prefix !== 'string' || (prefix !== '' && !pathPattern.test(prefix))) {
    throw bad('prefix', 'a path such as "/alipay" (no trailing slash), or "" for the root', prefix)
  }
  const cookieName = given.cookieName ?? adapterDefaults.cookieName
  if (typeof cookieName !== 'string' || !cookieNamePattern.test(cookieName)) {
    throw bad(
      'cookieName',
      'a cookie name such as "alipay_auth_state" (letters, digits and !#$%&\'*+-.^_`|~)',
      cookieName,
    )
  }
  const { successRedirect, onAuthorized, logEvents, invites, errorDetail, context } = given
  if (
    successRedirect !== undefined &&
    (typeof successRedirect !== 'string' || successRedirect === '')
  ) {
    throw bad('successRedirect', 'a non-empty URL or path', successRedirect)
  }
  if (onAuthorized !== undefined && typeof onAuthorized !== 'function') {
    throw bad('onAuthorized', 'a function (merchants, request) => void', onAuthorized)
  }
  if (logEvents !== undefined && typeof logEvents !== 'boolean') {
    throw bad('logEvents', 'true or false', logEvents)
  }
  if (invites !== undefined && typeof invites !== 'boolean') {
    throw bad('invites', 'true or false', invites)
  }
  if (errorDetail !== undefined && typeof errorDetail !== 'boolean') {
    throw bad('errorDetail', 'true or false', errorDetail)
  }
  if (context !== undefined && typeof context !== 'function') {
    throw bad('context', 'a function (request) => a JSON value, e.g. { tenantId }', context)
  }
  return {
    prefix,
    routes: resolveRoutes(given.routes, bad),
    cookieName,
    cookieSigner: resolveCookieSecret(adapter, given.cookieSecret),
    successRedirect,
    onAuthorized,
    logEvents: logEvents ?? true,
    invites: invites ?? false,
    errorDetail: errorDetail ?? false,
    context,
    ...adapterAppAuth(adapter, given, [...adapterOptionNames, ...ownOptions]),
  }
}

function resolveRoutes(
  routes: unknown,
  bad: (option: string, expected: string, got: unknown) => AlipayConfigError,
): ResolvedAdapterOptions<unknown>['routes'] {
  if (routes !== undefined && (typeof routes !== 'object' || routes === null)) {
    throw bad('routes', 'an object such as { callback: "/back", notify: false }', routes)
  }
  const given = (routes ?? {}) as Record<string, unknown>
  const resolved: ResolvedAdapterOptions<unknown>['routes'] = {}
  for (const name of Object.keys(adapterDefaults.routes) as AdapterRouteName[]) {
    const path = given[name] ?? adapterDefaults.routes[name]
    if (path === false) continue
    if (typeof path !== 'string' || !pathPattern.test(path)) {
      throw bad(
        `routes.${name}`,
        'a path such as "/callback", or false to switch the route off',
        path,
      )
    }
    const taken = Object.entries(resolved).find(([, other]) => other === path)
    if (taken) throw bad(`routes.${name}`, `a path other than routes.${taken[0]}'s`, path)
    resolved[name] = path
  }
  return resolved
}

function resolveCookieSecret(adapter: string, secret: unknown): CookieSigner | undefined {
  if (secret === undefined) return undefined
  const secrets = Array.isArray(secret) ? secret : [secret]
  const usable = (candidate: unknown) =>
    typeof candidate === 'string' && candidate.length >= minimumSecretLength
  if (secrets.length === 0 || !secrets.every(usable)) {
    // Never echo a secret back, not even a short one.
    throw new AlipayConfigError(
      `${adapter}: option "cookieSecret" must be a string of at least ${minimumSecretLength} characters, or a non-empty array of them (the first signs, all verify). Generate one with: node -e "console.log(crypto.randomBytes(32).toString('base64url'))"`,
    )
  }
  return createCookieSigner(secrets as string[])
}
