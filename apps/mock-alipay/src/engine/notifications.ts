import { randomBytes } from 'node:crypto'
import { formatChinaTime, signNotify } from '@alipay-isv/core/signer'
import type { PersistedGrant } from './contract.js'
import type { AlipayKeys } from './keys.js'
import { EXPIRES_IN } from './token-rules.js'
import { RE_EXPIRES_IN } from './token-service.js'

export const AUTHORIZED_NOTIFY_TYPE = 'open_app_auth_notify'
export const CANCELLED_MSG_METHOD = 'alipay.open.auth.appauth.cancelled'

/**
 * docs/protocol.md §7: the authorization notification for one merchant app, signed without
 * sign_type.
 */
export function authorizationNotice(
  grant: PersistedGrant,
  appAuthCode: string,
  now: number,
  keys: AlipayKeys,
): Record<string, string> {
  const detail = {
    app_auth_token: grant.app_auth_token,
    app_refresh_token: grant.app_refresh_token,
    auth_app_id: grant.auth_app_id,
    app_id: grant.app_id,
    user_id: grant.user_id,
    expires_in: EXPIRES_IN,
    re_expires_in: RE_EXPIRES_IN,
    auth_time: now,
    app_auth_code: appAuthCode,
  }
  const params = {
    notify_id: notifyId(),
    notify_type: AUTHORIZED_NOTIFY_TYPE,
    notify_time: formatChinaTime(now),
    status: 'execute_auth',
    charset: 'utf-8',
    version: '1.0',
    app_id: grant.app_id,
    auth_app_id: grant.auth_app_id,
    sign_type: 'RSA2',
    biz_content: JSON.stringify({
      notify_context: { trigger: 'user_auth', trigger_context: {} },
      detail,
      error: {},
    }),
  }
  return { ...params, sign: signNotify(params, keys.privateKey) }
}

/**
 * docs/protocol.md §7: the cancellation message (message-service envelope). Its biz_content fields
 * are unpublished; the emulator sends user_id, auth_app_id, app_auth_token and cancel_time.
 */
export function cancellationNotice(
  grant: PersistedGrant,
  now: number,
  keys: AlipayKeys,
): Record<string, string> {
  const params = {
    msg_method: CANCELLED_MSG_METHOD,
    notify_id: notifyId(),
    utc_timestamp: String(now),
    app_id: grant.app_id,
    msg_app_id: grant.app_id,
    version: '1.1',
    charset: 'utf-8',
    sign_type: 'RSA2',
    biz_content: JSON.stringify({
      user_id: grant.user_id,
      auth_app_id: grant.auth_app_id,
      app_auth_token: grant.app_auth_token,
      cancel_time: formatChinaTime(now),
    }),
  }
  return { ...params, sign: signNotify(params, keys.privateKey) }
}

function notifyId(): string {
  return randomBytes(16).toString('hex')
}
