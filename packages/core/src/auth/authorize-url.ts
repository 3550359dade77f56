import { randomBytes } from 'node:crypto'
import { AlipayConfigError } from '../errors.js'
import type { JsonValue } from '../stores/types.js'

export type ApplicationType = 'MOBILEAPP' | 'WEBAPP' | 'PUBLICAPP' | 'TINYAPP' | 'ARAPP'

export interface AuthorizeUrlOptions {
  /**
   * Default: the `redirectUri` option. Must be registered with Alipay. For the app to choose
   * among its registered callback URLs; never take it from the visitor.
   */
  redirectUri?: string
  /** Asks for several app types at once: the batch consent page (docs/protocol.md §2). */
  applicationTypes?: ApplicationType[]
  /**
   * The app's own JSON value (e.g. `{ tenantId }`), at most 4 KiB as JSON: kept with the state
   * and copied onto every merchant record the callback stores.
   */
  context?: JsonValue
  /**
   * The verified bindings the browser's state cookies carry. Its one binding is reused, so
   * authorizations started in several tabs each complete; none or several get a fresh one.
   */
  browserBindings?: readonly string[]
}

export interface AuthorizeUrlResult {
  url: string
  state: string
  /**
   * Identifies the browser: put it into a signed, httpOnly, SameSite=Lax cookie (again, even when
   * reused, to renew it) and give it back to `handleCallback`.
   */
  browserBinding: string
}

const APPLICATION_TYPES = new Set(['MOBILEAPP', 'WEBAPP', 'PUBLICAPP', 'TINYAPP', 'ARAPP'])

/** 192 bits from the CSPRNG, base64url: for states and browser bindings. */
export function randomToken(): string {
  return randomBytes(24).toString('base64url')
}

/**
 * Whether `state` may be one this library issued (see `randomToken`): only such values are looked
 * up in the state store, so a callback or a link can never name another record there.
 */
export function isStateShaped(state: string): boolean {
  return /^[\w-]{16,128}$/.test(state)
}

/**
 * docs/protocol.md §2: `app_id`, `redirect_uri`, `state`; the batch page adds `application_type`.
 */
export function consentUrl(
  authUrl: string,
  params: { appId: string; redirectUri: string; state: string },
  applicationTypes?: ApplicationType[],
): string {
  const url = new URL(authUrl)
  if (applicationTypes !== undefined) {
    const unknown = applicationTypes.filter((type) => !APPLICATION_TYPES.has(type))
    if (applicationTypes.length === 0 || unknown.length > 0) {
      throw new AlipayConfigError(
        `applicationTypes must list some of ${[...APPLICATION_TYPES].join(', ')}; got ${JSON.stringify(applicationTypes)}.`,
      )
    }
    url.pathname = url.pathname.replace(/appToAppAuth\.htm$/, 'appToAppBatchAuth.htm')
    url.searchParams.set('application_type', applicationTypes.join(','))
  }
  url.searchParams.set('app_id', params.appId)
  url.searchParams.set('redirect_uri', params.redirectUri)
  url.searchParams.set('state', params.state)
  return url.href
}
