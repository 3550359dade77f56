import {
  AlipayConfigError,
  AppAuth,
  type AppAuthOptions,
  type MerchantToken,
} from '@alipay-isv/core'
import type { Context } from 'koa'
import {
  type AlipayAuthLogger,
  type AlipayAuthOptions,
  defaultCookieName,
  defaultPrefix,
  defaultRoutes,
} from './options.js'

export type RouteName = keyof typeof defaultRoutes

/** The options, checked once when `alipayAuth()` is called, with every default filled in. */
export interface AlipayAuthConfig {
  appAuth: AppAuth
  /** Built here from AppAuth options, so the middleware's close() closes it. */
  ownsAppAuth: boolean
  prefix: string
  /** Full request paths (prefix included) of the routes that are on. */
  paths: Partial<Record<RouteName, string>>
  cookieName: string
  successRedirect: string | undefined
  onAuthorized: ((merchants: MerchantToken[], ctx: Context) => void | Promise<void>) | undefined
  exposeOnContext: boolean
  logger: AlipayAuthLogger
  logEvents: boolean
}

// One or more `/segment`s; the prefix may also be '' (routes at the root).
const pathPattern = /^(\/[\w.~%!$&'()*+,;=:@-]+)+$/
// RFC 6265 cookie-name token.
const cookieNamePattern = /^[!#$%&'*+.^`|~\w-]+$/

export function resolveOptions(options: AlipayAuthOptions): AlipayAuthConfig {
  if (typeof options !== 'object' || options === null) {
    throw new AlipayConfigError('alipayAuth(options): options must be an object.')
  }
  const {
    prefix = defaultPrefix,
    routes = {},
    cookieName = defaultCookieName,
    successRedirect,
    onAuthorized,
    exposeOnContext,
    logger = console,
    logEvents,
    appAuth,
    ...appAuthOptions
  } = options
  if (typeof prefix !== 'string' || (prefix !== '' && !pathPattern.test(prefix))) {
    throw badOption('prefix', 'a path such as "/alipay" (leading slash, no trailing slash)', prefix)
  }
  if (typeof cookieName !== 'string' || !cookieNamePattern.test(cookieName)) {
    throw badOption('cookieName', 'a cookie name such as "alipay_auth_state"', cookieName)
  }
  checkType('successRedirect', successRedirect, 'string', 'a non-empty URL or path')
  if (successRedirect === '') throw badOption('successRedirect', 'a URL or path', '')
  checkType('onAuthorized', onAuthorized, 'function', 'a function')
  checkType('exposeOnContext', exposeOnContext, 'boolean', 'true or false')
  checkLogger(logger)
  checkType('logEvents', logEvents, 'boolean', 'true or false')
  return {
    appAuth: resolveAppAuth(appAuth, appAuthOptions),
    ownsAppAuth: appAuth === undefined,
    prefix,
    paths: resolvePaths(prefix, routes),
    cookieName,
    successRedirect,
    onAuthorized,
    exposeOnContext: exposeOnContext ?? false,
    logger,
    logEvents: logEvents ?? true,
  }
}

function checkLogger(logger: AlipayAuthLogger | undefined): void {
  const methods = [logger?.info, logger?.warn, logger?.error ?? (() => {})]
  if (methods.some((method) => typeof method !== 'function')) {
    throw badOption('logger', 'an object with info() and warn() methods (error() optional)', logger)
  }
}

/** `appAuthOptions` is what is left of the options once the adapter's own are taken out. */
function resolveAppAuth(appAuth: AppAuth | undefined, appAuthOptions: object): AppAuth {
  if (appAuth === undefined) return new AppAuth(appAuthOptions as AppAuthOptions)
  if (!(appAuth instanceof AppAuth)) {
    throw badOption('appAuth', 'an AppAuth instance from @alipay-isv/core', appAuth)
  }
  if ('appId' in appAuthOptions) {
    throw new AlipayConfigError(
      'alipayAuth(options): give either "appAuth" (an existing instance) or the AppAuth options ("appId", "privateKey", …), not both.',
    )
  }
  return appAuth
}

function resolvePaths(
  prefix: string,
  routes: NonNullable<AlipayAuthOptions['routes']>,
): AlipayAuthConfig['paths'] {
  if (typeof routes !== 'object' || routes === null) {
    throw badOption('routes', 'an object such as { notify: false }', routes)
  }
  const paths: AlipayAuthConfig['paths'] = {}
  for (const name of Object.keys(defaultRoutes) as RouteName[]) {
    const route = routes[name] ?? defaultRoutes[name]
    if (route === false) continue
    if (typeof route !== 'string' || !pathPattern.test(route)) {
      throw badOption(
        `routes.${name}`,
        'a path such as "/callback", or false to switch it off',
        route,
      )
    }
    const taken = Object.entries(paths).find(([, path]) => path === prefix + route)
    if (taken) throw badOption(`routes.${name}`, `a path other than routes.${taken[0]}'s`, route)
    paths[name] = prefix + route
  }
  return paths
}

function checkType(name: string, value: unknown, type: string, expected: string): void {
  if (value !== undefined && typeof value !== type) throw badOption(name, expected, value)
}

function badOption(name: string, expected: string, got: unknown): AlipayConfigError {
  return new AlipayConfigError(
    `alipayAuth(options): option "${name}" must be ${expected}; got ${describe(got)}.`,
  )
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === null || typeof value !== 'object') return String(value)
  return Array.isArray(value) ? 'an array' : 'an object'
}
