import type { Clock } from '../clock.js'
import { AlipayConfigError } from '../errors.js'
import type { JsonValue, StateStore } from '../stores/types.js'
import { consentUrl, isStateShaped, newAuthorizationState } from './authorize-url.js'
import type { QrStatuses } from './qr-status.js'
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
  stateTtlMs: number
  states: StateStore
  statuses: QrStatuses
  clock: Clock
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
  const {
    state,
    browserBinding,
    value: started,
  } = newAuthorizationState('qr', settings.redirectUri, options, settings.clock)
  const url = new URL(`${options.path}/${state}`, settings.redirectUri).href
  const svg = await qrSvg(url, 'QR code to authorize in the Alipay app')
  await settings.states.put(state, started, settings.stateTtlMs)
  await settings.statuses.begin(state, started)
  return {
    url,
    statusUrl: `${url}/status`,
    expiresAt: started.createdAt + settings.stateTtlMs,
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
  settings: Pick<QrSettings, 'appId' | 'authUrl' | 'states'>,
  state: string,
): Promise<string | undefined> {
  if (!isStateShaped(state)) return undefined
  const stored = await settings.states.peek(state)
  if (stored?.kind !== 'qr') return undefined
  return consentUrl(settings.authUrl, {
    appId: settings.appId,
    redirectUri: stored.redirectUri,
    state,
  })
}
