import { describe, expect, it } from 'vitest'
import { RateLimiter } from '../../src/auth/rate-limiter.js'
import { AlipayRateLimitedError } from '../../src/errors.js'
import { manualClock } from '../mocks.js'

/** How many of `attempts` takes the limiter lets through right now. */
function taken(limiter: RateLimiter, attempts: number): number {
  let passed = 0
  for (let i = 0; i < attempts; i++) {
    try {
      limiter.take()
      passed++
    } catch (error) {
      expect(error).toBeInstanceOf(AlipayRateLimitedError)
    }
  }
  return passed
}

describe('RateLimiter', () => {
  it('lets a burst of perMinute through, then one more every minute / perMinute', () => {
    const clock = manualClock()
    const limiter = new RateLimiter(3, clock, 'test requests', 'invitesPerMinute')
    expect(taken(limiter, 5)).toBe(3)
    clock.advance(19_999)
    expect(taken(limiter, 1)).toBe(0)
    clock.advance(1)
    expect(taken(limiter, 2)).toBe(1)
  })

  it('says when one more will be let through, and never saves up more than a burst', () => {
    const clock = manualClock()
    const limiter = new RateLimiter(3, clock, 'test requests', 'invitesPerMinute')
    taken(limiter, 3)
    clock.advance(5_000)
    let refused: unknown
    try {
      limiter.take()
    } catch (error) {
      refused = error
    }
    expect(refused).toMatchObject({ retryAfterMs: 15_000, limit: 'invitesPerMinute' })
    expect((refused as Error).message).toMatch(
      /More than 3 test requests arrived within a minute.*15 s/,
    )
    clock.advance(10 * 60_000)
    expect(taken(limiter, 5)).toBe(3)
  })
})
