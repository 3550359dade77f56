import type { AuthorizationVia, MerchantToken } from '@alipay-isv/core'
import { type Html, html } from './html.js'
import { timeFromNowHtml, timeHtml } from './readable-time.js'

/** How a badge is coloured: fine, needs a look, broken, or over. */
export type Tone = 'ok' | 'warn' | 'bad' | 'muted'

/** A merchant's state as a person reads it: a short badge and a sentence about its token. */
export interface StatusWords {
  badge: string
  tone: Tone
  token: Html
}

/**
 * The record's status in words, with `now` deciding whether an active token has run out. A
 * cancelled or dead merchant never gets a token expiry: "expires in 364 days" would say the
 * token still works.
 */
export function statusWords(merchant: MerchantToken, now: number): StatusWords {
  switch (merchant.status) {
    case 'cancelled':
      return {
        badge: 'Cancelled',
        tone: 'muted',
        token: html`The merchant cancelled the authorization (recorded ${timeHtml(merchant.updatedAt)}): its token no longer works. It can authorize again.`,
      }
    case 'needs-reauthorization':
      return {
        badge: 'Must authorize again',
        tone: 'bad',
        token:
          merchant.reauthorizationReason === 'refresh-interrupted'
            ? html`A refresh was cut short and could not be finished, so no working token is known. The merchant must authorize again.`
            : html`Alipay no longer accepts its refresh token, so no new token can be had. The merchant must authorize again.`,
      }
    default:
      if (merchant.expiresAt <= now) {
        return {
          badge: 'Token expired',
          tone: 'warn',
          token: html`Expired ${timeFromNowHtml(merchant.expiresAt, now)}; refreshed before its next use.`,
        }
      }
      return {
        badge: 'Active',
        tone: 'ok',
        token: html`Valid until ${timeFromNowHtml(merchant.expiresAt, now)}; refreshed ahead of expiry.`,
      }
  }
}

const viaWords: Record<AuthorizationVia, string> = {
  browser: 'Authorize with Alipay, in a browser',
  qr: 'QR code, approved on a phone',
  invite: 'Invitation link from the Alipay console',
  notification: 'Alipay’s notification (no callback seen)',
}

/** How the merchant reached the app, in words, with the record's `via` value beside them. */
export function viaHtml(via: AuthorizationVia): Html {
  return html`<span class="via" data-via="${via}">${viaWords[via]} (<code>${via}</code>)</span>`
}
