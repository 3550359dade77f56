import { AlipayConfigError } from '../errors.js'

/** Alipay's hosts (docs/protocol.md §2, §3). */
const ENVIRONMENTS = {
  production: {
    gateway: 'https://openapi.alipay.com/gateway.do',
    authUrl: 'https://openauth.alipay.com/oauth2/appToAppAuth.htm',
  },
  sandbox: {
    gateway: 'https://openapi-sandbox.dl.alipaydev.com/gateway.do',
    authUrl: 'https://openauth-sandbox.dl.alipaydev.com/oauth2/appToAppAuth.htm',
  },
} as const

export interface Endpoints {
  /** v2 gateway URL (`…/gateway.do`). */
  gateway: string
  /** v3 base URL: the gateway's origin. */
  v3BaseUrl: string
  /** The consent page (`…/appToAppAuth.htm`). */
  authUrl: string
}

export interface EndpointOptions {
  environment?: 'production' | 'sandbox'
  gateway?: string
  authUrl?: string
}

/**
 * A custom gateway (the emulator) serves the consent page on its own origin, so `authUrl`
 * follows it unless given.
 */
export function resolveEndpoints(options: EndpointOptions): Endpoints {
  const environment = options.environment ?? 'production'
  if (!(environment in ENVIRONMENTS)) {
    throw new AlipayConfigError(
      `environment must be 'production' or 'sandbox'; got ${JSON.stringify(environment)}.`,
    )
  }
  const known = ENVIRONMENTS[environment]
  const gateway =
    options.gateway === undefined ? known.gateway : httpUrl(options.gateway, 'gateway')
  const origin = new URL(gateway).origin
  const defaultAuthUrl =
    options.gateway === undefined ? known.authUrl : `${origin}/oauth2/appToAppAuth.htm`
  return {
    gateway,
    v3BaseUrl: origin,
    authUrl: options.authUrl === undefined ? defaultAuthUrl : httpUrl(options.authUrl, 'authUrl'),
  }
}

export function httpUrl(value: unknown, optionName: string): string {
  if (typeof value === 'string') {
    try {
      const url = new URL(value)
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.href
    } catch {}
  }
  throw new AlipayConfigError(
    `${optionName} must be an absolute http(s) URL; got ${JSON.stringify(value)}.`,
  )
}
