import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { durationText, timeFromNowHtml } from '../src/readable-time.js'

beforeAll(() => {
  vi.stubEnv('TZ', 'Asia/Shanghai') // where many of the examples' users read them
})
afterAll(() => {
  vi.unstubAllEnvs()
})

describe('readable times', () => {
  it.each([
    [0, '0 seconds'],
    [1, '1 second'],
    [59, '59 seconds'],
    [3_600, '1 hour'],
    [3_661, '1 hour 1 minute'],
    [86_400 + 300, '1 day'],
    [31_536_000, '365 days'],
    [31_535_999, '364 days 23 hours'],
  ])('%i seconds read as "%s"', (seconds, text) => {
    expect(durationText(seconds)).toBe(text)
  })

  it('say how far a moment is from now, ahead or past', () => {
    const now = Date.UTC(2026, 10, 30, 10, 0)
    expect(timeFromNowHtml(now + 7_200_000, now).text).toBe(
      '<time datetime="2026-11-30T12:00:00.000Z">30 Nov 2026, 20:00 GMT+8</time> (in 2 hours)',
    )
    expect(timeFromNowHtml(now - 90_000, now).text).toContain('(1 minute 30 seconds ago)')
  })
})
