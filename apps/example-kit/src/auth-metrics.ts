import type { AppAuth, AppAuthEventName, AuthHealth } from '@alipay-isv/core'
import { appAuthEventLevels } from '@alipay-isv/core/adapter'

/** A certificate Alipay rotated to, and when this app learned it. */
export interface LearnedCertificate {
  sn: string
  /** Epoch ms. */
  at: number
}

/** What the merchants page shows and GET /metrics serves. */
export interface MetricsSnapshot {
  /** How often each AppAuth event happened since the app started. */
  events: Record<AppAuthEventName, number>
  health: AuthHealth
  /** Certificate mode: the certificates Alipay rotated to since the app started, oldest first. */
  learnedCertificates: LearnedCertificate[]
}

/** The content type Prometheus scrapes text from (exposition format 0.0.4). */
export const prometheusContentType = 'text/plain; version=0.0.4; charset=utf-8'

/**
 * Counts every AppAuth event (`appAuth.on`) and reads `appAuth.health()` when asked: the tiny
 * Prometheus-style metrics of the examples (issue 10). Counters live in memory, so they start
 * at zero on every start, as Prometheus counters may.
 */
export class AuthMetrics {
  private readonly events: Record<AppAuthEventName, number>
  private readonly learnedCertificates: LearnedCertificate[] = []

  constructor(private readonly appAuth: AppAuth) {
    const names = Object.keys(appAuthEventLevels) as AppAuthEventName[]
    this.events = Object.fromEntries(names.map((name) => [name, 0])) as MetricsSnapshot['events']
    for (const name of names) appAuth.on(name, () => this.events[name]++)
    appAuth.on('alipayCertificateLearned', ({ sn }) =>
      this.learnedCertificates.push({ sn, at: Date.now() }),
    )
  }

  async snapshot(): Promise<MetricsSnapshot> {
    return {
      events: { ...this.events },
      health: await this.appAuth.health(),
      learnedCertificates: [...this.learnedCertificates],
    }
  }

  /** `alipay_isv_events_total{event="code_exchanged"} 1`, then the merchants by state. */
  async prometheusText(): Promise<string> {
    const { events, health } = await this.snapshot()
    const { merchants, apiCalls, ...byState } = health
    const lines = [
      '# HELP alipay_isv_events_total AppAuth events since the app started.',
      '# TYPE alipay_isv_events_total counter',
      ...Object.entries(events).map(
        ([event, count]) => `alipay_isv_events_total{event="${snakeCase(event)}"} ${count}`,
      ),
      '# HELP alipay_isv_merchants Stored merchant apps (all of them, and by state).',
      '# TYPE alipay_isv_merchants gauge',
      `alipay_isv_merchants{state="all"} ${merchants}`,
      ...Object.entries(byState).map(
        ([state, count]) => `alipay_isv_merchants{state="${snakeCase(state)}"} ${count}`,
      ),
      '# HELP alipay_isv_api_calls_total Requests sent to Alipay for merchants since the app started.',
      '# TYPE alipay_isv_api_calls_total counter',
      `alipay_isv_api_calls_total{outcome="succeeded"} ${apiCalls.succeeded}`,
      `alipay_isv_api_calls_total{outcome="failed"} ${apiCalls.failed}`,
      '# HELP alipay_isv_token_renewals_total Merchant tokens renewed because Alipay refused them in a call.',
      '# TYPE alipay_isv_token_renewals_total counter',
      `alipay_isv_token_renewals_total ${apiCalls.tokenRenewals}`,
    ]
    return `${lines.join('\n')}\n`
  }
}

/** Prometheus label values read best in snake case: `codeExchanged` → `code_exchanged`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
}
