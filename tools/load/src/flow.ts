import { ScenarioBrowser } from '@alipay-isv/adapter-scenarios'
import type { RunningMockAlipay } from '@alipay-isv/mock-alipay'
import { DONE_PATH } from './adapter-apps.js'

/**
 * One merchant authorization end to end, as a browser and Alipay would do it: the app's
 * authorize redirect (state + cookie), the consent through the emulator's admin shortcut, and
 * the callback, where the app exchanges the code (sign, verify), and stores the token.
 * Resolves with the latency in ms; rejects with what went wrong.
 */
export async function runFlow(
  appUrl: string,
  alipay: RunningMockAlipay,
  appId: string,
  userId: string,
): Promise<number> {
  const start = performance.now()
  const browser = new ScenarioBrowser(appUrl)
  const toConsent = await browser.get('/alipay/authorize')
  const consentUrl = new URL(toConsent.headers.get('location') ?? '', 'http://invalid')
  if (toConsent.status !== 302) throw new Error(`authorize answered ${toConsent.status}`)
  const { redirect_url } = await alipay.admin.authorize({
    app_id: appId,
    user_id: userId,
    redirect_uri: consentUrl.searchParams.get('redirect_uri') ?? '',
    state: consentUrl.searchParams.get('state') ?? '',
  })
  const callback = await browser.get(redirect_url)
  const body = await callback.text()
  if (callback.status !== 302 || callback.headers.get('location') !== DONE_PATH) {
    throw new Error(`callback answered ${callback.status}: ${body.slice(0, 200)}`)
  }
  return performance.now() - start
}
