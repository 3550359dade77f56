import { acceptIndex } from './accept-header.js'
import type { QrStatus } from './qr-status.js'

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

/** `GET {prefix}/authorize/qr` with `Accept: application/json`: the stable wire shape. */
export interface QrAuthorizationBody {
  url: string
  qr_svg: string
  status_url: string
  /** ISO 8601. */
  expires_at: string
}

/** `GET` of the status URL: the stable wire shape. */
export interface QrStatusBody {
  status: QrStatus['status']
  merchants: Array<{ auth_app_id: string; user_id: string }>
  error?: { code: string; message: string }
  /** ISO 8601: when the QR code stops (or stopped) working. */
  expires_at: string
}

export function qrAuthorizationBody(qr: QrAuthorization): QrAuthorizationBody {
  return {
    url: qr.url,
    qr_svg: qr.qrSvg,
    status_url: qr.statusUrl,
    expires_at: new Date(qr.expiresAt).toISOString(),
  }
}

export function qrStatusBody(status: QrStatus): QrStatusBody {
  return {
    status: status.status,
    merchants: status.merchants.map(({ authAppId, userId }) => ({
      auth_app_id: authAppId,
      user_id: userId,
    })),
    ...(status.error ? { error: status.error } : {}),
    expires_at: new Date(status.expiresAt).toISOString(),
  }
}

/** Whether an Accept header asks for JSON ahead of HTML (a script's `fetch`, not a navigation). */
export function prefersJson(accept: string | readonly string[] | undefined): boolean {
  const json = acceptIndex(accept, 'json')
  const html = acceptIndex(accept, 'html')
  return json >= 0 && (html < 0 || json < html)
}
