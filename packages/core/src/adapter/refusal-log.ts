/** How long repeated refusals of one kind are counted before the count is logged. */
export const REFUSAL_INTERVAL_MS = 60_000
/** Refusals of one kind logged one by one within an interval; the rest are counted. */
export const REFUSALS_LOGGED_PER_INTERVAL = 5

/**
 * Keeps the log of refused requests bounded, whatever a client sends: within each interval, the
 * first few refusals of a kind (a code, an event) are logged one by one, the rest only counted,
 * and the count is written as one line when the interval ends. One per adapter instance; `close`
 * when it closes.
 */
export class RefusalLog {
  private readonly kinds = new Map<string, { logged: number; counted: number }>()
  private readonly timers = new Set<NodeJS.Timeout>()

  /**
   * `summarize(kind, count, sentence)` writes the line for `count` refusals not logged; the
   * sentence says so (`25 more ALIPAY_STATE_EXPIRED within 60 s, not logged one by one`).
   */
  constructor(
    private readonly summarize: (kind: string, count: number, sentence: string) => void,
    private readonly intervalMs = REFUSAL_INTERVAL_MS,
  ) {}

  /** Whether this refusal of `kind` is to be logged one by one; otherwise it was counted. */
  admit(kind: string): boolean {
    let seen = this.kinds.get(kind)
    if (seen === undefined) {
      seen = { logged: 0, counted: 0 }
      this.kinds.set(kind, seen)
      const timer = setTimeout(() => this.endInterval(kind, timer), this.intervalMs)
      timer.unref()
      this.timers.add(timer)
    }
    if (seen.logged < REFUSALS_LOGGED_PER_INTERVAL) {
      seen.logged++
      return true
    }
    seen.counted++
    return false
  }

  /** Writes what is counted so far and stops counting. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    for (const [kind, { counted }] of this.kinds) this.report(kind, counted)
    this.kinds.clear()
  }

  private endInterval(kind: string, timer: NodeJS.Timeout): void {
    this.timers.delete(timer)
    this.report(kind, this.kinds.get(kind)?.counted ?? 0)
    this.kinds.delete(kind)
  }

  private report(kind: string, counted: number): void {
    if (counted === 0) return
    const seconds = Math.round(this.intervalMs / 1000)
    this.summarize(
      kind,
      counted,
      `${counted} more ${kind} within ${seconds} s, not logged one by one`,
    )
  }
}
