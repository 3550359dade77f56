import type { AuthHealth } from '@alipay-isv/core'
import type { MetricsSnapshot } from './auth-metrics.js'
import { type Html, html, join } from './html.js'

/**
 * Every merchant count of `appAuth.health()` but the total: a new one fails the build until it
 * has a label. The API call counts have their own table.
 */
const healthLabels: Record<Exclude<keyof AuthHealth, 'merchants' | 'apiCalls'>, string> = {
  active: 'authorized (active)',
  dueForRefresh: 'due for refresh',
  expired: 'expired (refreshing has been failing)',
  refreshUnfinished: 'with a refresh left unfinished (finished before the next use)',
  needsReauthorization: 'needing re-authorization',
  cancelled: 'cancelled by the merchant',
}

/** The merchants page's summary: `appAuth.health()` and the event counters of GET /metrics. */
const apiCallLabels: Record<keyof AuthHealth['apiCalls'], string> = {
  succeeded: 'answered',
  failed: 'refused or unanswered',
  tokenRenewals: 'token renewed after Alipay refused it',
}

export function healthPanel({ health, events }: MetricsSnapshot): Html {
  const labels = Object.entries(healthLabels) as Array<[keyof typeof healthLabels, string]>
  const healthRows = labels.map(
    ([field, label]) => html`<dt>${label}</dt><dd data-health="${field}">${health[field]}</dd>`,
  )
  const eventRows = Object.entries(events).map(
    ([event, count]) => html`<dt>${event}</dt><dd data-event="${event}">${count}</dd>`,
  )
  const callLabels = Object.entries(apiCallLabels) as Array<[keyof typeof apiCallLabels, string]>
  const callRows = callLabels.map(
    ([field, label]) =>
      html`<dt>${label}</dt><dd data-api-calls="${field}">${health.apiCalls[field]}</dd>`,
  )
  return html`<div class="grid">
<section class="card"><h2>Health</h2>
<dl class="fields" id="health">
${join(healthRows)}
</dl></section>
<section class="card"><h2>Calls for merchants since start</h2>
<dl class="fields" id="api-calls">
${join(callRows)}
</dl></section>
<section class="card"><h2>Events since start</h2>
<dl class="fields" id="events">
${join(eventRows)}
</dl>
<p class="muted">The same figures as Prometheus text: <a href="/metrics">/metrics</a>.</p></section>
</div>`
}
