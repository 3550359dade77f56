import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  REFUSAL_INTERVAL_MS,
  REFUSALS_LOGGED_PER_INTERVAL,
  RefusalLog,
} from '../../src/adapter/refusal-log.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('RefusalLog', () => {
  it('lets a few refusals of a kind through per interval, then writes one line with the count', () => {
    vi.useFakeTimers()
    const summaries: string[] = []
    const log = new RefusalLog((kind, count, sentence) =>
      summaries.push(`${kind} ${count}: ${sentence}`),
    )
    const admitted = Array.from({ length: 200 }, () => log.admit('ALIPAY_STATE_EXPIRED'))
    expect(admitted.filter(Boolean)).toHaveLength(REFUSALS_LOGGED_PER_INTERVAL)
    expect(log.admit('ALIPAY_CODE_MALFORMED')).toBe(true)
    expect(summaries).toEqual([])
    vi.advanceTimersByTime(REFUSAL_INTERVAL_MS)
    const counted = 200 - REFUSALS_LOGGED_PER_INTERVAL
    expect(summaries).toEqual([
      `ALIPAY_STATE_EXPIRED ${counted}: ${counted} more ALIPAY_STATE_EXPIRED within 60 s, not logged one by one`,
    ])
    expect(log.admit('ALIPAY_STATE_EXPIRED')).toBe(true)
    log.close()
  })

  it('writes what it counted when closed', () => {
    const summaries: number[] = []
    const log = new RefusalLog((_kind, count) => summaries.push(count))
    for (let i = 0; i < 10; i++) log.admit('x')
    log.close()
    expect(summaries).toEqual([10 - REFUSALS_LOGGED_PER_INTERVAL])
  })
})
