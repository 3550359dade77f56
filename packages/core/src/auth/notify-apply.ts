import { parseJsonObject } from '../client/call-context.js'
import { type TokenGrant, toGrant } from '../client/token-grant.js'
import { merchantFromGrant } from './merchant-record.js'
import type { NotifyContext } from './notify-handler.js'

export function parseBizContent(text: string | undefined): Record<string, unknown> | undefined {
  return text === undefined ? undefined : parseJsonObject(text)
}

export interface NotifiedAuthorization {
  grant: TokenGrant
  /** Epoch ms of the authorization, when the message says. */
  authTime?: number
}

/** SPEC §7 `open_app_auth_notify`: `biz_content.detail` carries the grant; throws when it is incomplete. */
export function readAuthorization(bizContent: Record<string, unknown>): NotifiedAuthorization {
  const detail = bizContent.detail
  const fields =
    typeof detail === 'object' && detail !== null ? (detail as Record<string, unknown>) : {}
  const authTime = Number(fields.auth_time)
  return {
    grant: toGrant(fields, 'open_app_auth_notify'),
    authTime: Number.isFinite(authTime) && authTime > 0 ? authTime : undefined,
  }
}

export async function storeAuthorization(
  context: NotifyContext,
  { grant, authTime }: NotifiedAuthorization,
): Promise<string> {
  const now = context.clock()
  const authorizedAt = authTime ?? now
  await context.tokens.set(merchantFromGrant(grant, authorizedAt, authorizedAt, now))
  return grant.authAppId
}

/**
 * SPEC §7 cancellation: its fields are not published, so key on `auth_app_id`, else every record
 * of `user_id`, and ignore the rest.
 */
export async function applyCancellation(
  context: NotifyContext,
  bizContent: Record<string, unknown>,
): Promise<string | undefined> {
  const authAppId = text(bizContent.auth_app_id)
  const userId = text(bizContent.user_id)
  const targets = authAppId
    ? [await context.tokens.get(authAppId)]
    : userId
      ? (await context.tokens.list()).filter((record) => record.userId === userId)
      : []
  const now = context.clock()
  for (const record of targets) {
    if (record) await context.tokens.set({ ...record, status: 'cancelled', updatedAt: now })
  }
  return authAppId ?? targets[0]?.authAppId
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
