import assert from 'node:assert/strict'
import type { ScenarioBrowser } from '../browser.js'
import { freshBrowser, type ScenarioContext } from '../context.js'
import { defaultMerchant } from '../world.js'
import { browserAccept } from './callback-failure-page.js'

/** `GET {prefix}/authorize/qr` as a script asks for it. */
export interface QrStart {
  url: string
  qr_svg: string
  status_url: string
  expires_at: string
}

export interface QrStatusAnswer {
  status: 'pending' | 'authorized' | 'failed' | 'expired'
  merchants: Array<{ auth_app_id: string; user_id: string }>
  error?: { code: string; message: string }
}

export const qrPath = '/alipay/authorize/qr'

/** The desktop starts a QR authorization (JSON); `browser` keeps the cookie it sets. */
export async function startQr(context: ScenarioContext, browser = context.browser) {
  const response = await browser.get(qrPath, { accept: 'application/json' })
  assert.equal(response.status, 200, `GET ${qrPath} should answer 200`)
  return (await response.json()) as QrStart
}

/**
 * The phone opens the QR's link, approves as `merchant` on Alipay's page and follows Alipay's
 * redirect to the callback, as its browser asks for a page. Returns the callback URL too.
 */
export async function consentOnPhone(
  context: ScenarioContext,
  qr: QrStart,
  merchant = defaultMerchant,
  browser = freshBrowser(context),
): Promise<{ callbackUrl: string; response: Response }> {
  const opened = await browser.get(qr.url, { accept: browserAccept })
  assert.equal(opened.status, 302, 'the QR link should redirect to the consent page')
  const callbackUrl = await context.world.consent(opened.headers.get('location') ?? '', merchant)
  return { callbackUrl, response: await browser.get(callbackUrl, { accept: browserAccept }) }
}

/** The status as `browser` reads it: its HTTP status and, on 200, the body. */
export async function readStatus(
  qr: QrStart,
  browser: ScenarioBrowser,
): Promise<{ httpStatus: number; body?: QrStatusAnswer }> {
  const response = await browser.get(qr.status_url, { accept: 'application/json' })
  if (response.status !== 200) return { httpStatus: response.status }
  return { httpStatus: 200, body: (await response.json()) as QrStatusAnswer }
}

/** The starter's view of the status: must be readable. */
export async function statusOf(context: ScenarioContext, qr: QrStart): Promise<QrStatusAnswer> {
  const { httpStatus, body } = await readStatus(qr, context.browser)
  assert.equal(httpStatus, 200, 'the browser that started the QR authorization reads its status')
  return body as QrStatusAnswer
}

export function merchantIds(merchant = defaultMerchant) {
  return { auth_app_id: merchant.authAppId, user_id: merchant.userId }
}
