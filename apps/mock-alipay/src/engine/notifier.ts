import type { EngineClock } from './clock.js'
import type { RequestLog } from './request-log.js'

export const DEFAULT_RETRY_DELAYS_MS = [100, 200, 400, 800, 1600]

/**
 * Delivers notifications like Alipay (docs/protocol.md §7): a form POST, retried with backoff until
 * the app answers the plain text `success`. Real timers with short delays (Alipay's last about a
 * day), a bounded number of attempts, all cancelled by `close()`.
 */
export class Notifier {
  readonly #pending = new Set<Promise<void>>()
  readonly #stop = new AbortController()

  constructor(
    private readonly fetchImpl: typeof fetch,
    private readonly log: RequestLog,
    private readonly clock: EngineClock,
    private readonly retryDelaysMs: number[] = DEFAULT_RETRY_DELAYS_MS,
  ) {}

  send(url: string, form: Record<string, string>, label: string): void {
    const delivery = this.#deliver(url, new URLSearchParams(form).toString(), label)
    this.#pending.add(delivery)
    void delivery.finally(() => this.#pending.delete(delivery))
  }

  /** Resolves when every delivery under way has succeeded or given up. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending])
  }

  async close(): Promise<void> {
    this.#stop.abort()
    await this.settled()
  }

  async #deliver(url: string, body: string, label: string): Promise<void> {
    for (let attempt = 1; attempt <= this.retryDelaysMs.length + 1; attempt++) {
      if (this.#stop.signal.aborted) return
      const { status, outcome, delivered } = await this.#attempt(url, body)
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
      if (delay === undefined || !(await this.#wait(delay))) return
    }
  }

  async #attempt(
    url: string,
    body: string,
  ): Promise<{ status: number; outcome: string; delivered: boolean }> {
    try {
      const response = await this.fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body,
        signal: this.#stop.signal,
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

  /** False when `close()` interrupted the wait. */
  #wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const signal = this.#stop.signal
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
