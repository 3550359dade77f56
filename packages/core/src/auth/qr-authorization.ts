import { AlipayConfigError } from '../errors.js'
import type { JsonValue } from '../stores/types.js'
import type { AuthorizationStates } from './authorization-states.js'
import { consentUrl } from './authorize-url.js'
import { qrSvg } from './qr-svg.js'

/** A started QR authorization, as `AppAuth.startQrAuthorization` returns it. */
export interface QrAuthorization {
  /** The link the QR code encodes: opened on any device, it leads to Alipay's consent page. */
  url: string
  /** Where the starting browser reads the status (`qrStatus`); 404 for any other browser. */
  statusUrl: string
  /** Epoch ms: after this, `url` no longer leads anywhere and the status is `expired`. */
  expiresAt: number
  /** The state: the last path segment of `url`, and what the status route is keyed by. */
  state: string
  /** Put into the state cookie (when it is not already there); give it back to `qrStatus`. */
  browserBinding: string
  /** The QR code of `url`, as scalable SVG markup. */
  qrSvg: string
}

export interface QrAuthorizationOptions {
  /**
   * The full path of the adapter's QR route, e.g. `/alipay/authorize/qr`: the link is
   * `<redirect URI origin><path>/<state>` and the status `<link>/status`.
   */
  path: string
  /**
   * The verified bindings the browser's state cookies carry: its one binding is reused, so QR
   * codes started in several tabs each keep their status; none or several get a fresh one.
   */
  browserBindings?: readonly string[]
  /**
   * The app's own JSON value (e.g. `{ tenantId }`), at most 4 KiB as JSON: copied onto every
   * merchant record the authorization brings in.
   */
  context?: JsonValue
}

interface QrSettings {
  appId: string
  authUrl: string
  redirectUri: string
  authorizations: AuthorizationStates
}

/**
 * Path 2, "on the phone": a state of kind `qr` whose link the desktop shows as a QR code. Links
 * are built on the configured redirect URI's origin, never on a request's Host header, which a
 * visitor controls.
 */
export async function startQrAuthorization(
  settings: QrSettings,
  options: QrAuthorizationOptions,
): Promise<QrAuthorization> {
  if (typeof options.path !== 'string' || !options.path.startsWith('/')) {
    throw new AlipayConfigError(
      `The QR route path must start with "/" (e.g. "/alipay/authorize/qr"); got ${JSON.stringify(options.path)}.`,
    )
  }
  // Writes nothing but a context not seen lately: the status is pending until a callback ends it.
  const { authorizations } = settings
  const { state, browserBinding, createdAt } = await authorizations.start('qr', options)
  const url = new URL(`${options.path}/${state}`, settings.redirectUri).href
  const svg = await qrSvg(url, 'QR code to authorize in the Alipay app')
  return {
    url,
    statusUrl: `${url}/status`,
    expiresAt: createdAt + authorizations.ttlMs,
    state,
    browserBinding,
    qrSvg: svg,
  }
}

/**
 * Where the QR link leads while its authorization is pending: Alipay's consent page with the
 * state. Opening it reads and writes nothing else, so link previews and scanners that open it
 * first do no harm. `undefined` once the authorization completed or expired.
 */
export async function qrConsentUrl(
  settings: QrSettings,
  state: string,
): Promise<string | undefined> {
  const started = settings.authorizations.verify(state)
  if (started?.kind !== 'qr' || (await settings.authorizations.isConsumed(state))) return undefined
  const { appId, redirectUri } = settings
  return consentUrl(settings.authUrl, { appId, redirectUri, state })
}
