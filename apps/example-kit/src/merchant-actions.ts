import type { AppAuth } from '@alipay-isv/core'
import { queriedPanel, refreshedPanel } from './action-panels.js'
import { type ActionResult, alipayErrorResult, unknownMerchantResult } from './error-page.js'

/** What the actions need to know of the app's configuration. */
export interface ActionSettings {
  /** The `minRefreshIntervalMs` the AppAuth was given: Refresh explains it when it keeps a pair. */
  minRefreshIntervalMs: number
  /** Development mode: an error's detail for the developer is shown on the page too. */
  development: boolean
}

/**
 * The merchants page's Refresh button: a new token pair now, whatever the expiry; a pair issued
 * less than `minRefreshIntervalMs` ago (a double click) is kept, and the result says so and why.
 */
export async function refreshAction(
  appAuth: AppAuth,
  authAppId: string,
  settings: ActionSettings,
): Promise<ActionResult> {
  try {
    const before = await appAuth.getMerchant(authAppId)
    if (before === undefined) return unknownMerchantResult(authAppId)
    const token = await appAuth.refresh(authAppId)
    const rotated = token.appAuthToken !== before.appAuthToken
    return { status: 200, panel: refreshedPanel(token, rotated, settings.minRefreshIntervalMs) }
  } catch (error) {
    return alipayErrorResult(error, settings.development)
  }
}

/**
 * The Query button. Like any API call on a merchant's behalf it starts with `getToken`, which
 * refreshes a token close to expiry first; and when Alipay calls the token timed out, `query`
 * refreshes it and asks again. The result says when either happened.
 */
export async function queryAction(
  appAuth: AppAuth,
  authAppId: string,
  settings: ActionSettings,
): Promise<ActionResult> {
  try {
    const before = await appAuth.getMerchant(authAppId)
    if (before === undefined) return unknownMerchantResult(authAppId)
    const current = await appAuth.getToken(authAppId)
    const status = await appAuth.query(authAppId)
    const after = (await appAuth.getMerchant(authAppId))?.appAuthToken
    const refresh =
      after !== undefined && after !== current
        ? 'recovered'
        : current !== before.appAuthToken
          ? 'ahead'
          : 'none'
    return { status: 200, panel: queriedPanel(status, refresh) }
  } catch (error) {
    return alipayErrorResult(error, settings.development)
  }
}
