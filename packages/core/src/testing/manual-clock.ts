import type { Clock } from '../clock.js'

/** A `Clock` (call it for epoch ms) that moves only when the test moves it. */
export interface ManualClock extends Clock {
  /** The time it reads, in epoch ms; assign to set it. */
  now: number
  /** Moves it by `ms` (negative goes back) and returns the new time. */
  advance(ms: number): number
}

/**
 * The one hand-moved clock of the tests: give it wherever a `clock` option is taken (AppAuth,
 * stores, the emulator as `{ now: clock }`), then `clock.advance(10 * 60_000)` instead of a sleep.
 */
export function manualClock(start = Date.UTC(2025, 0, 1)): ManualClock {
  const clock = Object.assign(() => clock.now, {
    now: start,
    advance: (ms: number) => {
      clock.now += ms
      return clock.now
    },
  })
  return clock
}
