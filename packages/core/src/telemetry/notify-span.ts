import type { Span } from '@opentelemetry/api'
import type { NotifyOutcome } from '../auth/notify-handler.js'
import type { Telemetry } from './telemetry.js'

/**
 * What came of a notification, on its `alipay.notify` span and counted: the kind applied, or
 * `rejected` with the reason as the span's error status (reasons name no secret).
 */
export function recordNotification(
  telemetry: Telemetry,
  span: Span | undefined,
  outcome: NotifyOutcome,
  notifyId: string | undefined,
): void {
  const label = outcome.ok ? outcome.kind : 'rejected'
  span?.setAttributes({
    'alipay.notify.outcome': label,
    ...(notifyId === undefined ? {} : { 'alipay.notify_id': notifyId }),
    ...(outcome.ok && outcome.authAppId !== undefined
      ? { 'alipay.auth_app_id': outcome.authAppId }
      : {}),
  })
  const api = telemetry.api()
  if (!outcome.ok && api !== undefined) {
    span?.setStatus({ code: api.SpanStatusCode.ERROR, message: outcome.reason })
  }
  telemetry.instruments()?.notifications.add(1, { 'alipay.notify.outcome': label })
}
