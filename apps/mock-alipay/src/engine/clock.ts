import { formatChinaTime } from '@alipay-isv/core/signer'
import type { EngineClockSource } from './contract.js'

const wallClock: EngineClockSource = { now: () => Date.now() }

/**
 * The one clock every rule reads (code expiry, refresh grace, timestamps). The admin API moves
 * it forward by an offset over its source, or puts it back on the source (offset 0).
 */
export class EngineClock {
  #offsetMs: number

  constructor(
    readonly source: EngineClockSource = wallClock,
    offsetMs = 0,
  ) {
    this.#offsetMs = offsetMs
  }

  now(): number {
    return this.source.now() + this.#offsetMs
  }

  get offsetMs(): number {
    return this.#offsetMs
  }

  advance(seconds: number): void {
    this.#offsetMs += seconds * 1000
  }

  reset(): void {
    this.#offsetMs = 0
  }

  chinaTime(): string {
    return formatChinaTime(this.now())
  }

  /**
   * A request timestamp is fresh when it is near the engine's time or near its source's (the
   * unadvanced) time: advancing the clock to expire a code must not make every client that
   * signs with the real wall clock fail with isv.invalid-timestamp.
   */
  isFresh(epochMs: number, toleranceMs: number): boolean {
    return this.distance(epochMs) <= toleranceMs
  }

  /** How far `epochMs` is from the engine's time or its source's, whichever is nearer. */
  distance(epochMs: number): number {
    return this.distances()(epochMs)
  }

  /** `distance` for many timestamps: the engine's time and its source's are read once, here. */
  distances(): (epochMs: number) => number {
    const now = this.now()
    const sourceNow = this.source.now()
    return (epochMs) => Math.min(Math.abs(epochMs - now), Math.abs(epochMs - sourceNow))
  }
}
