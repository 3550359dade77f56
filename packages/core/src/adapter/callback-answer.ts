import type { MerchantToken } from '../stores/types.js'
import { renderAuthorizedPage } from './authorized-page.js'
import { renderQrCompletePage } from './qr-page.js'

/** How an adapter answers a successful callback: a redirect, or a page. */
export type CallbackAnswer = { redirect: string } | { html: string }

/**
 * The callback of a QR authorization reaches the phone, where the desktop's `successRedirect`
 * means nothing: the phone is told it is done and to look back at the computer. Any other
 * callback goes to `successRedirect`, or gets the page listing the merchant apps.
 */
export function callbackSuccessAnswer(
  merchants: readonly MerchantToken[],
  successRedirect: string | undefined,
): CallbackAnswer {
  if (merchants.some((merchant) => merchant.via === 'qr')) {
    return { html: renderQrCompletePage(merchants) }
  }
  if (successRedirect !== undefined) return { redirect: successRedirect }
  return { html: renderAuthorizedPage(merchants) }
}
