import { randomBytes } from 'node:crypto'
import { AlipayConfigError } from '../errors.js'

export type ApplicationType = 'MOBILEAPP' | 'WEBAPP' | 'PUBLICAPP' | 'TINYAPP' | 'ARAPP'

export interface AuthorizeUrlOptions {
  /** Default: the `redirectUri` option. Must be registered with Alipay. */
  redirectUri?: string
  /** Asks for several app types at once: the batch consent page (docs/protocol.md §2). */
  applicationTypes?: ApplicationType[]
}

export interface AuthorizeUrlResult {
  url: string
  state: string
  /** Put into a signed, httpOnly, SameSite=Lax cookie; give it back to `handleCallback`. */
  browserBinding: string
}

const APPLICATION_TYPES = new Set(['MOBILEAPP', 'WEBAPP', 'PUBLICAPP', 'TINYAPP', 'ARAPP'])

/** 192 bits from the CSPRNG, base64url: for states and browser bindings. */
export function randomToken(): string {
  return randomBytes(24).toString('base64url')
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
