import { afterEach, describe, expect, it } from 'vitest'
import { formatChinaTime, parseChinaTime } from '../../src/signer/timestamp.js'

// 2024-05-13T09:49:20Z is 17:49:20 in China (UTC+8, no daylight saving).
const instant = Date.UTC(2024, 4, 13, 9, 49, 20)
const originalTz = process.env.TZ

afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ
  else process.env.TZ = originalTz
})

describe('formatChinaTime (docs/protocol.md §3)', () => {
  it('writes yyyy-MM-dd HH:mm:ss in UTC+8', () => {
    expect(formatChinaTime(instant)).toBe('2024-05-13 17:49:20')
  })

  it.each(['UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Asia/Shanghai'])(
    'gives the same China time when the host zone is %s',
    (zone) => {
      process.env.TZ = zone
      // Node applies a runtime TZ change; the local hour proves the zone really moved.
      const localHour = new Date(instant).getHours()
      const expectedLocalHour = Number(
        new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: 'numeric' }).format(instant),
      )
      expect(localHour).toBe(expectedLocalHour)
      expect(formatChinaTime(instant)).toBe('2024-05-13 17:49:20')
    },
  )

  it('rolls the date over at 16:00 UTC', () => {
    expect(formatChinaTime(Date.UTC(2023, 11, 31, 16, 0, 0))).toBe('2024-01-01 00:00:00')
    expect(formatChinaTime(Date.UTC(2023, 11, 31, 15, 59, 59))).toBe('2023-12-31 23:59:59')
  })
})

describe('parseChinaTime', () => {
  it('reads the gateway format as China time', () => {
    expect(parseChinaTime('2024-05-13 17:49:20')).toBe(instant)
    process.env.TZ = 'America/New_York'
    expect(parseChinaTime('2024-05-13 17:49:20')).toBe(instant)
  })

  it('round-trips formatChinaTime to the second', () => {
    expect(parseChinaTime(formatChinaTime(instant + 999))).toBe(instant)
  })

  it.each(['2024-02-30 10:00:00', '2024-05-13T17:49:20', '2024-05-13 17:49', '', '13/05/2024'])(
    'refuses %j',
    (text) => {
      expect(parseChinaTime(text)).toBeUndefined()
    },
  )
})
