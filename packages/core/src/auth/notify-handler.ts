import type { AlipayClient } from '../client/alipay-client.js'
import type { Clock } from '../clock.js'
import { AlipayResponseError } from '../errors.js'
import { type NotifyParams, parseNotifyBody } from '../signer/notify.js'
import type { StateStore, TokenStore } from '../stores/types.js'
import { recordNotification } from '../telemetry/notify-span.js'
import type { Telemetry } from '../telemetry/telemetry.js'
import type { AppAuthEventEmitter } from './events.js'
import {
  applyCancellation,
  type NotifiedAuthorization,
  parseBizContent,
  readAuthorization,
  storeAuthorization,
} from './notify-apply.js'

export type NotifyOutcome =
  | {
      ok: true
      /**
       * `outdated`: what is stored is as new or newer (a refresh, cancellation or
       * re-authorization since), so nothing was written; `duplicate`: this `notify_id` was
       * handled before.
       */
      kind: 'authorized' | 'cancelled' | 'outdated' | 'duplicate' | 'ignored'
      authAppId?: string
      body: 'success'
    }
  | { ok: false; reason: string; body: 'fail' }

export type NotifyBody = string | URLSearchParams | Record<string, string>

export interface NotifyContext {
  client: AlipayClient
  tokens: TokenStore
  states: StateStore
  clock: Clock
  events: AppAuthEventEmitter
  telemetry: Telemetry
}

/** docs/protocol.md §7: Alipay retries for about a day, so a `notify_id` is remembered for two. */
const NOTIFY_CLAIM_TTL_MS = 48 * 60 * 60 * 1000
const CANCELLED_METHOD = 'alipay.open.auth.appauth.cancelled'

/** Verifies a notification, then applies it unless what is stored is newer: nothing is stored before the signature checks out. */
export function handleNotify(context: NotifyContext, body: NotifyBody): Promise<NotifyOutcome> {
  const attributes = { 'alipay.app_id': context.client.appId }
  return context.telemetry.inSpan('alipay.notify', { kind: 'server', attributes }, async (span) => {
    const params =
      typeof body === 'string' || body instanceof URLSearchParams
        ? parseNotifyBody(body)
        : { ...body }
    const outcome = await verifyAndApply(context, params)
    const notifyId = params.notify_id
    if (outcome.ok) {
      context.events.emit('notificationReceived', {
        kind: outcome.kind,
        notifyId,
        authAppId: outcome.authAppId,
      })
    } else {
      context.events.emit('notificationRejected', { reason: outcome.reason, notifyId })
    }
    recordNotification(context.telemetry, span, outcome, notifyId)
    return outcome
  })
}

async function verifyAndApply(
  context: NotifyContext,
  params: NotifyParams,
): Promise<NotifyOutcome> {
  if (!params.sign || !context.client.verifyNotification(params).verified) {
    context.events.emit('signatureVerificationFailed', {
      source: 'notification',
      operation: 'notify',
      notifyId: params.notify_id,
    })
    return fail(
      params.sign
        ? 'The notification signature does not verify with the configured Alipay public key; it was not applied. Check alipayPublicKey (or the Alipay certificate).'
        : 'The notification carries no sign; it was not applied.',
    )
  }
  if (params.app_id !== context.client.appId) {
    return fail(`The notification is for app_id ${params.app_id ?? '(none)'}, not this app.`)
  }
  const kind =
    params.notify_type === 'open_app_auth_notify'
      ? 'authorized'
      : params.msg_method === CANCELLED_METHOD
        ? 'cancelled'
        : undefined
  if (kind === undefined) return { ok: true, kind: 'ignored', body: 'success' }
  const bizContent = parseBizContent(params.biz_content)
  if (bizContent === undefined) return fail('The notification’s biz_content is not a JSON object.')
  let authorization: NotifiedAuthorization | undefined
  try {
    if (kind === 'authorized') authorization = readAuthorization(bizContent)
  } catch (error) {
    if (error instanceof AlipayResponseError) return fail(error.message)
    throw error
  }
  const result = authorization
    ? await storeAuthorization(context, authorization)
    : await applyCancellation(context, bizContent, params)
  // Recorded only once applied: if the store failed, Alipay's retry must be applied, not
  // answered as a duplicate. Applying is idempotent, so a duplicate that raced here is harmless.
  const notifyId = params.notify_id
  if (notifyId && !(await context.states.claim(`notify:${notifyId}`, NOTIFY_CLAIM_TTL_MS))) {
    return { ok: true, kind: 'duplicate', body: 'success' }
  }
  return {
    ok: true,
    kind: result.outdated ? 'outdated' : kind,
    authAppId: result.authAppId,
    body: 'success',
  }
}

function fail(reason: string): NotifyOutcome {
  return { ok: false, reason, body: 'fail' }
}
