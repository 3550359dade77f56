import type { Counter, Histogram, Meter } from '@opentelemetry/api'

/**
 * The metrics core records through the application's MeterProvider. Names follow OpenTelemetry's
 * conventions (dot-separated, unit in `unit`), so an exporter turns `alipay.client.calls` into the
 * Prometheus `alipay_client_calls_total`.
 */
export interface Instruments {
  /** Calls to Alipay, by `alipay.api` and `alipay.outcome` (`success`, `refused`, `error`). */
  calls: Counter
  /** How long calls to Alipay took, retries included, by the same attributes. */
  callDuration: Histogram
  /** Refreshes Alipay did not answer with a new pair, by `error.type`. */
  refreshFailures: Counter
  /** Merchants that came to need a new authorization, by `alipay.reason`. */
  reauthorizationsRequired: Counter
  /** How old a token was when it was refreshed: how early refreshes happen in practice. */
  tokenAgeAtRefresh: Histogram
  /** Notifications handled, by `alipay.notify.outcome`. */
  notifications: Counter
}

export function createInstruments(meter: Meter): Instruments {
  return {
    calls: meter.createCounter('alipay.client.calls', {
      description: 'Calls to Alipay, by API and outcome.',
      unit: '{call}',
    }),
    callDuration: meter.createHistogram('alipay.client.call.duration', {
      description: 'Duration of calls to Alipay, retries included.',
      unit: 's',
    }),
    refreshFailures: meter.createCounter('alipay.token.refresh.failures', {
      description: 'Token refreshes that got no new pair from Alipay.',
      unit: '{failure}',
    }),
    reauthorizationsRequired: meter.createCounter('alipay.merchant.reauthorization_required', {
      description: 'Merchants that must authorize the app again before any token is issued.',
      unit: '{merchant}',
    }),
    tokenAgeAtRefresh: meter.createHistogram('alipay.token.age_at_refresh', {
      description: 'Age of an app_auth_token when it was refreshed.',
      unit: 's',
    }),
    notifications: meter.createCounter('alipay.notify.handled', {
      description: 'Notifications from Alipay handled, by outcome.',
      unit: '{notification}',
    }),
  }
}
