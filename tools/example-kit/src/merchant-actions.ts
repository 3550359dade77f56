import type { AppAuth } from '@alipay-isv/core'
import { alipayErrorPage } from './error-page.js'
import type { PageResponse } from './html.js'
import { queriedPage, refreshedPage } from './pages.js'

/** The merchants page's Refresh button: a new token pair now, whatever the expiry. */
export async function refreshAction(appAuth: AppAuth, authAppId: string): Promise<PageResponse> {
  try {
    return refreshedPage(await appAuth.refresh(authAppId))
  } catch (error) {
    return alipayErrorPage(error)
  }
}

/**
 * The Query button. Like any API call on a merchant's behalf it starts with `getToken`, which
 * refreshes a token close to expiry first; the page says when that happened.
 */
export async function queryAction(appAuth: AppAuth, authAppId: string): Promise<PageResponse> {
  try {
    const before = (await appAuth.getMerchant(authAppId))?.appAuthToken
    const current = await appAuth.getToken(authAppId)
    const status = await appAuth.query(authAppId)
    return queriedPage(status, before !== undefined && before !== current)
  } catch (error) {
    return alipayErrorPage(error)
  }
}
