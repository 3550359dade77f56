import type { AppAuth } from '../auth/app-auth.js'
import type { JsonValue, MerchantToken } from '../stores/types.js'
import type { CookieSigner } from './cookie-signer.js'

/** Where each route lives under `prefix`; `false` switches it off. */
export interface AdapterRoutes {
  /** Default `/authorize`. */
  authorize?: string | false
  /**
   * Default `/authorize/qr`: the page with a QR code to authorize on a phone; its link is
   * `<path>/<state>` and its status `<path>/<state>/status`. `false` switches all three off.
   */
  qr?: string | false
  /** Default `/callback`: the path of your `redirectUri`. */
  callback?: string | false
  /** Default `/notify`: the path of the notify URL registered with Alipay. */
  notify?: string | false
}

export type AdapterRouteName = keyof AdapterRoutes

/**
 * The options every web-framework adapter takes, besides the AppAuth options (or `appAuth`).
 * `Request` is what the framework hands a route: Fastify's request, Koa's context.
 */
export interface AdapterOptions<Request> {
  /** Path prefix of the routes, as the browser sees it; `''` serves them at the root. Default `/alipay`. */
  prefix?: string
  routes?: AdapterRoutes
  /** Called once per successful callback, after the tokens are stored, before the browser is answered. */
  onAuthorized?: (merchants: MerchantToken[], request: Request) => void | Promise<void>
  /** Where the callback redirects after success. Default: a small page listing the merchants. */
  successRedirect?: string
  /** Name of the state cookie. Default `alipay_auth_state`. */
  cookieName?: string
  /**
   * Signs the state cookie (HMAC-SHA256): at least 32 characters; of an array, the first signs and
   * every one verifies, for rotation. Left out, the framework's own cookie signing is used (see
   * the adapter's README).
   */
  cookieSecret?: string | string[]
  /** Log every AppAuth event (code exchanged, token refreshed, …). Default true. */
  logEvents?: boolean
  /**
   * Accept callbacks without state, as invitation links and QR codes made in Alipay's console
   * send them: the code is exchanged and the merchants stored as `via: 'invite'`, without
   * context. Anyone can send such a callback, so they are rate-limited (AppAuth's
   * `invitesPerMinute`). Default false: they are answered 400 `ALIPAY_STATE_MISSING`.
   */
  invites?: boolean
  /**
   * Show the developer's detail of a failed callback (which configuration to check, Alipay's
   * codes) on the error page too, e.g. in development. Default false: the page speaks to the
   * merchant, and the detail goes to the log only.
   */
  errorDetail?: boolean
  /**
   * The app's own JSON value for an authorization started at the authorize route, e.g.
   * `(request) => ({ tenantId: request.user.tenantId })`: kept with the state and copied onto
   * every merchant record its callback stores. Read the tenant here, where the session is, never
   * in the callback. At most 4 KiB as JSON.
   */
  context?: (request: Request) => JsonValue | undefined | Promise<JsonValue | undefined>
}

/** The adapter options checked, every default filled in, and the AppAuth to serve. */
export interface ResolvedAdapterOptions<Request> {
  appAuth: AppAuth
  /** Built from the AppAuth options, so the adapter closes it when it closes. */
  ownsAppAuth: boolean
  /** `''` or a path such as `/alipay`. */
  prefix: string
  /** The routes that are on, each a path relative to `prefix`. */
  routes: Partial<Record<AdapterRouteName, string>>
  onAuthorized: AdapterOptions<Request>['onAuthorized']
  successRedirect: string | undefined
  cookieName: string
  /** From `cookieSecret`; undefined when the framework's own cookie signing is to be used. */
  cookieSigner: CookieSigner | undefined
  logEvents: boolean
  invites: boolean
  errorDetail: boolean
  context: AdapterOptions<Request>['context']
}

export const adapterDefaults = {
  prefix: '/alipay',
  cookieName: 'alipay_auth_state',
  routes: {
    authorize: '/authorize',
    qr: '/authorize/qr',
    callback: '/callback',
    notify: '/notify',
  },
} as const

/** The keys of AdapterOptions: whatever else an adapter is given goes to AppAuth. */
export const adapterOptionNames = [
  'prefix',
  'routes',
  'onAuthorized',
  'successRedirect',
  'cookieName',
  'cookieSecret',
  'logEvents',
  'invites',
  'errorDetail',
  'context',
] as const satisfies ReadonlyArray<keyof AdapterOptions<unknown>>
