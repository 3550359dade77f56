import type { EngineClock } from './clock.js'
import type { RequestLog } from './request-log.js'

export const DEFAULT_RETRY_DELAYS_MS = [100, 200, 400, 800, 1600]

/**
 * Delivers notifications like Alipay (docs/protocol.md §7): a form POST, retried with backoff until
 * the app answers the plain text `success`. Real timers with short delays (Alipay's last about a
 * day), a bounded number of attempts. `cancel()` (a reset) stops those under way; `close()` all.
 */
export class Notifier {
  readonly #pending = new Set<Promise<void>>()
  #stop = new AbortController()
  #closed = false

  constructor(
    private readonly fetchImpl: typeof fetch,
    private readonly log: RequestLog,
    private readonly clock: EngineClock,
    private readonly retryDelaysMs: number[] = DEFAULT_RETRY_DELAYS_MS,
  ) {}

  send(url: string, form: Record<string, string>, label: string): void {
    if (this.#closed) return
    const body = new URLSearchParams(form).toString()
    const delivery = this.#deliver(url, body, label, this.#stop.signal)
    this.#pending.add(delivery)
    void delivery.finally(() => this.#pending.delete(delivery))
  }

  /** Resolves when every delivery under way has succeeded or given up. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending])
  }

  /** Stops every delivery under way, retries included, and logs no more of them. */
  cancel(): void {
    this.#stop.abort()
    this.#stop = new AbortController()
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#stop.abort()
    await this.settled()
  }

  async #deliver(url: string, body: string, label: string, signal: AbortSignal): Promise<void> {
    for (let attempt = 1; attempt <= this.retryDelaysMs.length + 1; attempt++) {
      if (signal.aborted) return
      const { status, outcome, delivered } = await this.#attempt(url, body, signal)
      if (signal.aborted) return
      const path = URL.canParse(url) ? new URL(url).pathname : url
      this.log.add({
        time: new Date(this.clock.now()).toISOString(),
        direction: 'outbound',
        http_method: 'POST',
        path,
        url,
        method: label,
        attempt,
        status,
        outcome,
      })
      if (delivered) return
      const delay = this.retryDelaysMs[attempt - 1]
      if (delay === undefined || !(await this.#wait(delay, signal))) return
    }
  }

  async #attempt(
    url: string,
    body: string,
    signal: AbortSignal,
  ): Promise<{ status: number; outcome: string; delivered: boolean }> {
    try {
      const response = await this.fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body,
        signal,
      })
      const text = (await response.text()).trim()
      if (text === 'success')
        return { status: response.status, outcome: 'success', delivered: true }
      return {
        status: response.status,
        outcome: `the app answered ${JSON.stringify(text.slice(0, 100))}, not "success"`,
        delivered: false,
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return { status: 0, outcome: `delivery failed: ${reason}`, delivered: false }
    }
  }

  /** False when `cancel()` or `close()` interrupted the wait. */
  #wait(ms: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve(false)
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort)
        resolve(true)
      }, ms)
      const onAbort = () => {
        clearTimeout(timer)
        resolve(false)
      }
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }
}
