import type { QrAuthorization } from '../auth/qr-authorization.js'
import type { QrStatus } from '../auth/qr-status.js'

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
