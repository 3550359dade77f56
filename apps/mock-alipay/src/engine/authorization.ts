import type { RegisteredApp } from './apps.js'
import type { EngineClock } from './clock.js'
import type { MerchantRecord } from './contract.js'
import type { AlipayKeys } from './keys.js'
import {
  AUTHORIZED_NOTIFY_TYPE,
  authorizationNotice,
  CANCELLED_MSG_METHOD,
  cancellationNotice,
} from './notifications.js'
import type { Notifier } from './notifier.js'
import type { TokenService } from './token-service.js'

/** Where the browser goes back to, with which `state`, and which APIs were granted (default all). */
export interface Consent {
  redirectUri?: string
  state?: string
  authMethods?: string[]
}

export interface Authorized {
  app_auth_code: string
  redirect_url?: string
}

/**
 * The merchant's side of docs/protocol.md §1 steps 2 and 5: approve (or cancel), then notify the
 * app.
 */
export class Authorization {
  constructor(
    private readonly tokens: TokenService,
    private readonly notifier: Notifier,
    private readonly keys: AlipayKeys,
    private readonly clock: EngineClock,
  ) {}

  approve(
    app: RegisteredApp,
    merchant: MerchantRecord,
    authAppIds: string[],
    { redirectUri, state, authMethods }: Consent = {},
  ): Authorized {
    const { code, grants } = this.tokens.authorize(
      app.registration.app_id,
      merchant.user_id,
      authAppIds,
      authMethods,
    )
    const notifyUrl = app.registration.notify_url
    if (notifyUrl) {
      for (const grant of grants) {
        this.notifier.send(
          notifyUrl,
          authorizationNotice(grant, code.code, this.clock.now(), this.keys),
          AUTHORIZED_NOTIFY_TYPE,
        )
      }
    }
    if (redirectUri === undefined) return { app_auth_code: code.code }
    return {
      app_auth_code: code.code,
      redirect_url: callbackUrl(redirectUri, app.registration.app_id, code.code, state),
    }
  }

  /** Returns the merchant apps whose authorization was cancelled. */
  cancel(app: RegisteredApp, userId: string): string[] {
    const cancelled = this.tokens.cancel(app.registration.app_id, userId)
    const notifyUrl = app.registration.notify_url
    if (notifyUrl) {
      for (const grant of cancelled) {
        this.notifier.send(
          notifyUrl,
          cancellationNotice(grant, this.clock.now(), this.keys),
          CANCELLED_MSG_METHOD,
        )
      }
    }
    return cancelled.map((grant) => grant.auth_app_id)
  }
}

/**
 * docs/protocol.md §1 step 2: `redirect_uri?app_id&source=alipay_app_auth&app_auth_code&state`,
 * state unchanged.
 */
function callbackUrl(redirectUri: string, appId: string, code: string, state?: string): string {
  const query = new URLSearchParams({
    app_id: appId,
    source: 'alipay_app_auth',
    app_auth_code: code,
  })
  if (state !== undefined) query.set('state', state)
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query}`
}
