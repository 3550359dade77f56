import { formatChinaTime, signNotify } from '@alipay-isv/core/signer'
import type { ScenarioKeys } from './keys.js'
import type { ScenarioMerchant } from './world.js'

export interface NotifySigner {
  appId: string
  keys: ScenarioKeys
  now: () => number
}

/** docs/protocol.md §7 authorization notification as Alipay POSTs it: a signed form body. */
export function authorizationNotifyBody(
  signer: NotifySigner,
  merchant: ScenarioMerchant,
  notifyId: string,
): string {
  const detail = {
    app_auth_token: `202506BB${notifyId}token`,
    app_refresh_token: `202506BB${notifyId}refresh`,
    auth_app_id: merchant.authAppId,
    app_id: merchant.authAppId,
    user_id: merchant.userId,
    expires_in: 31536000,
    re_expires_in: 32140800,
    auth_time: signer.now(),
    app_auth_code: `code_${notifyId}`,
  }
  return signedForm(signer, {
    notify_id: notifyId,
    notify_time: formatChinaTime(signer.now()),
    notify_type: 'open_app_auth_notify',
    status: 'execute_auth',
    charset: 'utf-8',
    version: '1.0',
    app_id: signer.appId,
    auth_app_id: merchant.authAppId,
    sign_type: 'RSA2',
    biz_content: JSON.stringify({
      notify_context: { trigger: 'user_app_auth', trigger_context: {} },
      detail,
      error: {},
    }),
  })
}

/** docs/protocol.md §7 cancellation message (`alipay.open.auth.appauth.cancelled`), signed. */
export function cancellationNotifyBody(
  signer: NotifySigner,
  merchant: ScenarioMerchant,
  notifyId: string,
): string {
  return signedForm(signer, {
    msg_method: 'alipay.open.auth.appauth.cancelled',
    notify_id: notifyId,
    utc_timestamp: `${signer.now()}`,
    app_id: signer.appId,
    msg_app_id: signer.appId,
    version: '1.1',
    charset: 'utf-8',
    sign_type: 'RSA2',
    biz_content: JSON.stringify({
      user_id: merchant.userId,
      auth_app_id: merchant.authAppId,
      cancel_time: formatChinaTime(signer.now()),
    }),
  })
}

function signedForm(signer: NotifySigner, params: Record<string, string>): string {
  const sign = signNotify(params, signer.keys.alipay.privateKey)
  return new URLSearchParams({ ...params, sign }).toString()
}
