import { parseJsonObject } from '../client/call-context.js'
import { type TokenGrant, toGrant } from '../client/token-grant.js'
import type { NotifyParams } from '../signer/notify.js'
import { parseChinaTime } from '../signer/timestamp.js'
import { recordsWhere } from '../stores/every-record.js'
import type { MerchantToken } from '../stores/types.js'
import { merchantFromGrant } from './merchant-record.js'
import type { NotifyContext } from './notify-handler.js'

/*
 * Alipay redelivers a notification for about a day (docs/protocol.md §7), possibly after a refresh,
 * a cancellation or a re-authorization has been stored. So each notification is applied only when
 * it is newer than what is stored: applying one twice changes nothing, and a late copy never rolls
 * a merchant back.
 */

export function parseBizContent(text: string | undefined): Record<string, unknown> | undefined {
  return text === undefined ? undefined : parseJsonObject(text)
}

export interface NotifiedAuthorization {
  grant: TokenGrant
  /** Epoch ms of the authorization, when the message says. */
  authTime?: number
}

/** What applying one notification did to one merchant app. */
export interface Applied {
  authAppId?: string
  userId?: string
  /** True when the stored record was already as new or newer: nothing was written. */
  outdated: boolean
  /** True for an authorization of an unknown merchant older than `STALE_NOTIFICATION_MS`: not stored. */
  stale?: boolean
}

/**
 * docs/protocol.md §7: Alipay redelivers for about a day, and a `notify_id` is remembered for two
 * (`notify-handler.ts`). An authorization older than that, of a merchant app not stored here,
 * cannot be told apart from a replay of a long-spent message, so it is acknowledged and not
 * stored: tokens from it would be long replaced. A known merchant is ordered by `auth_time`.
 */
export const STALE_NOTIFICATION_MS = 48 * 60 * 60 * 1000

/**
 * docs/protocol.md §7 `open_app_auth_notify`: `biz_content.detail` carries the grant; throws when
 * it is incomplete.
 */
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

/**
 * Stores the grant unless the stored record comes from this authorization or a later one. Without
 * `auth_time` the notification cannot be ordered against what is stored: it fills in a merchant
 * with no usable record, and never replaces an active one (which may come from a later refresh).
 */
export async function storeAuthorization(
  context: NotifyContext,
  { grant, authTime }: NotifiedAuthorization,
  params: NotifyParams,
): Promise<Applied> {
  const now = context.clock()
  const stored = await context.tokens.get(grant.authAppId)
  const sentAt = authTime ?? parseChinaTime(params.notify_time ?? '')
  if (stored === undefined && sentAt !== undefined && now - sentAt > STALE_NOTIFICATION_MS) {
    return { authAppId: grant.authAppId, userId: grant.userId, outdated: false, stale: true }
  }
  const outdated =
    stored !== undefined &&
    (authTime === undefined ? stored.status === 'active' : stored.authorizedAt >= authTime)
  if (!outdated) {
    // A merchant no callback has stored is first seen here; a known one keeps how it came.
    const provenance = stored ?? { via: 'notification' as const }
    // `auth_time` is on Alipay's clock: it orders notifications; the expiries count from receipt.
    const authorizedAt = authTime ?? now
    await context.tokens.set(merchantFromGrant(grant, now, authorizedAt, now, provenance))
  }
  return { authAppId: grant.authAppId, userId: grant.userId, outdated }
}

/**
 * docs/protocol.md §7 cancellation: its fields are not published, so key on `auth_app_id`, else
 * every record of `user_id`, and ignore the rest. A record authorized after the cancellation is
 * left alone.
 */
export async function applyCancellation(
  context: NotifyContext,
  bizContent: Record<string, unknown>,
  params: NotifyParams,
): Promise<Applied> {
  const authAppId = text(bizContent.auth_app_id)
  const userId = text(bizContent.user_id)
  const targets = authAppId
    ? [await context.tokens.get(authAppId)]
    : userId
      ? // A merchant may have authorized several apps: every record of the user.
        await recordsWhere(context.tokens, (record) => record.userId === userId)
      : []
  const now = context.clock()
  const cancelledAt = cancellationTime(bizContent, params) ?? now
  const due = targets.filter(
    (record): record is MerchantToken =>
      record !== undefined && record.status !== 'cancelled' && record.authorizedAt <= cancelledAt,
  )
  for (const record of due) {
    await context.tokens.set({ ...record, status: 'cancelled', updatedAt: now })
    context.events.emit('reauthorizationRequired', {
      authAppId: record.authAppId,
      userId: record.userId,
      reason: 'cancelled',
      notifyId: params.notify_id,
    })
  }
  const known = targets.filter((record) => record !== undefined)
  return {
    authAppId: authAppId ?? known[0]?.authAppId,
    userId: userId ?? known[0]?.userId,
    outdated: known.length > 0 && due.length === 0,
  }
}

/**
 * When the merchant cancelled: `cancel_time`, else when the message was sent. Times in whole
 * seconds stand for the end of their second, so that a cancellation in the same second as the
 * authorization (in ms) still applies.
 */
function cancellationTime(
  bizContent: Record<string, unknown>,
  params: NotifyParams,
): number | undefined {
  const endOfSecond = (value: string | undefined) => {
    const time = value === undefined ? undefined : parseChinaTime(value)
    return time === undefined ? undefined : time + 999
  }
  const sentAt = Number(params.utc_timestamp)
  return (
    endOfSecond(text(bizContent.cancel_time)) ??
    (Number.isFinite(sentAt) && sentAt > 0 ? sentAt : undefined) ??
    endOfSecond(params.notify_time)
  )
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
