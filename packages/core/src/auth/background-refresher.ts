import { AlipayReauthorizationRequiredError } from '../errors.js'
import type { MerchantToken } from '../stores/types.js'
import { Telemetry } from '../telemetry/telemetry.js'
import {
  type BackgroundRefresherOptions,
  type RefresherSettings,
  type RefresherStats,
  type RefreshOutcome,
  resolveRefresherOptions,
} from './background-refresher-options.js'
import { forEachBounded } from './for-each-bounded.js'

/**
 * Refreshes tokens as they enter their refresh window, so requests rarely wait for one. Keeps
 * no state of its own beyond counters: each sweep asks the store what is due, so it resumes
 * after a restart, and several instances can run one each (the fleet lease keeps one refresh
 * per merchant).
 */
export class BackgroundRefresher {
  private readonly settings: RefresherSettings
  private readonly counts: RefresherStats = {
    sweeps: 0,
    refreshed: 0,
    skipped: 0,
    needsReauthorization: 0,
    failed: 0,
    failedSweeps: 0,
  }
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private started = false
  /** Set by stop(): a sweep in progress ends after its current batch. */
  private stopping = false
  private readonly telemetry = new Telemetry()

  constructor(options: BackgroundRefresherOptions) {
    this.settings = resolveRefresherOptions(options)
  }

  /** Sweeps now (after a small random delay) and then every `intervalMs`, until `stop()`. */
  start(): void {
    if (this.started) return
    this.started = true
    this.stopping = false
    // Restarted before a stopped sweep ended: that sweep schedules the next, so only one chain runs.
    if (this.running) return
    this.schedule(this.settings.random() * 0.2 * this.settings.intervalMs)
  }

  /** No more sweeps; resolves once the one in progress, if any, has finished. */
  async stop(): Promise<void> {
    this.started = false
    this.stopping = true
    clearTimeout(this.timer)
    await this.running
  }

  stats(): RefresherStats {
    return { ...this.counts }
  }

  /**
   * One sweep: refreshes every token due now, a batch at a time. Also usable from a cron job.
   * Traced as a span of its own, `alipay.refresh.sweep`, with one `alipay.refresh` per merchant.
   */
  sweep(): Promise<void> {
    return this.tracedSweep(false)
  }

  /** `root`: the timer's sweeps start traces of their own, not children of whatever called start(). */
  private tracedSweep(root: boolean): Promise<void> {
    return this.telemetry.inSpan(
      'alipay.refresh.sweep',
      { kind: 'internal', attributes: {}, root },
      async (span) => {
        const handled = await this.sweepBatches()
        span?.setAttribute('alipay.refresh.merchants', handled)
      },
    )
  }

  /** Resolves to how many merchants it handled. */
  private async sweepBatches(): Promise<number> {
    this.counts.sweeps++
    const handled = new Set<string>()
    const { store, clock, refreshAheadMs, batchSize, concurrency } = this.settings
    try {
      for (;;) {
        const due = await store.listExpiringBefore(clock() + refreshAheadMs, batchSize)
        // Ones that failed stay due: leave them to the next sweep instead of looping on them.
        const fresh = this.shuffle(due.filter((token) => !handled.has(token.authAppId)))
        for (const token of fresh) handled.add(token.authAppId)
        await forEachBounded(fresh, concurrency, (token) => this.refreshOne(token))
        if (fresh.length === 0 || due.length < batchSize || this.stopping) return handled.size
      }
    } catch (error) {
      this.counts.failedSweeps++
      this.counts.lastSweepError = error
      return handled.size
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.tracedSweep(true).finally(() => {
        this.running = undefined
        const { intervalMs, random } = this.settings
        if (this.started) this.schedule(intervalMs * (0.8 + 0.4 * random()))
      })
    }, delayMs)
    this.timer.unref()
  }

  private async refreshOne(listed: MerchantToken): Promise<void> {
    const outcome = await this.telemetry.inSpan(
      'alipay.refresh',
      { kind: 'internal', attributes: { 'alipay.auth_app_id': listed.authAppId } },
      async (span) => {
        const outcome = await this.attemptRefresh(listed)
        span?.setAttribute('alipay.refresh.outcome', outcome.kind)
        if ('error' in outcome) this.telemetry.fail(span, outcome.error)
        return outcome
      },
    )
    this.count(outcome)
    // An async onOutcome's rejection would otherwise be unhandled, and end the process.
    const reported: unknown = this.settings.onOutcome?.(outcome)
    if (reported instanceof Promise) {
      reported.catch((error: unknown) =>
        process.emitWarning(
          `BackgroundRefresher's onOutcome rejected; sweeping went on without it: ${String(error)}`,
          'AlipayIsvListenerWarning',
        ),
      )
    }
  }

  private async attemptRefresh(listed: MerchantToken): Promise<RefreshOutcome> {
    const { authAppId } = listed
    try {
      const current = await this.settings.store.get(authAppId)
      return current?.appAuthToken === listed.appAuthToken && current.status === 'active'
        ? { kind: 'refreshed', authAppId, token: await this.settings.auth.refresh(authAppId) }
        : { kind: 'skipped', authAppId }
    } catch (error) {
      return error instanceof AlipayReauthorizationRequiredError
        ? { kind: 'needs-reauthorization', authAppId, error }
        : { kind: 'failed', authAppId, error }
    }
  }

  private count(outcome: RefreshOutcome): void {
    if (outcome.kind === 'needs-reauthorization') this.counts.needsReauthorization++
    else this.counts[outcome.kind]++
  }

  /** Instances sweeping at once then start on different merchants and rarely wait on each other. */
  private shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.settings.random() * (i + 1))
      ;[items[i], items[j]] = [items[j]!, items[i]!]
    }
    return items
  }
}
