import type { AppAuth } from '@alipay-isv/core'
import { queriedPanel, refreshedPanel } from './action-panels.js'
import { type ActionResult, alipayErrorResult } from './error-page.js'

/**
 * The merchants page's Refresh button: a new token pair now, whatever the expiry; a pair issued
 * less than `minRefreshIntervalMs` ago (a double click) is kept, and the result says so.
 */
export async function refreshAction(appAuth: AppAuth, authAppId: string): Promise<ActionResult> {
  try {
    const before = (await appAuth.getMerchant(authAppId))?.appAuthToken
    const token = await appAuth.refresh(authAppId)
    return { status: 200, panel: refreshedPanel(token, token.appAuthToken !== before) }
  } catch (error) {
    return alipayErrorResult(error)
  }
}

/**
 * The Query button. Like any API call on a merchant's behalf it starts with `getToken`, which
 * refreshes a token close to expiry first; the result says when that happened.
 */
export async function queryAction(appAuth: AppAuth, authAppId: string): Promise<ActionResult> {
  try {
    const before = (await appAuth.getMerchant(authAppId))?.appAuthToken
    const current = await appAuth.getToken(authAppId)
    const status = await appAuth.query(authAppId)
    return { status: 200, panel: queriedPanel(status, before !== undefined && before !== current) }
  } catch (error) {
    return alipayErrorResult(error)
  }
}
