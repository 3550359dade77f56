import { afterAll, describe, expect, it } from 'vitest'
import { UTC_OFFSETS_IN_USE_MINUTES } from '../../src/engine/timestamp-check.js'
import { newApp, QUERY } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { callV2 } from '../support/alipay-client.js'
import { inProcessEngine } from '../support/in-process-engine.js'

const lenient = inProcessEngine()
const strict = inProcessEngine({ strictTimestamps: true })
afterAll(() => Promise.all([lenient.engine.close(), strict.engine.close()]))

/** `yyyy-MM-dd HH:mm:ss` as a host `offsetMinutes` from UTC prints now + `skewMinutes`. */
function wallTime(offsetMinutes: number, skewMinutes = 0): string {
  const iso = new Date(Date.now() + (offsetMinutes + skewMinutes) * 60_000).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`
}

async function send(emulator: typeof lenient, timestamp: string) {
  const appId = await newApp(emulator)
  const result = await callV2(emulator, {
    appId,
    method: QUERY,
    biz: { app_auth_token: 'x' },
    params: { timestamp },
  })
  const entry = (await admin(emulator).requests())
    .filter((request) => request.app_id === appId)
    .at(-1)
  return { subCode: result.node.sub_code, subMsg: String(result.node.sub_msg), entry }
}

// An unknown token is what a request that passes every common check gets.
const PASSED = 'aop.invalid-app-auth-token'

describe('request timestamps in any zone (docs/protocol.md §3)', () => {
  it('China time is accepted without a warning', async () => {
    const { subCode, entry } = await send(lenient, wallTime(480))
    expect(subCode).toBe(PASSED)
    expect(entry?.warnings).toBeUndefined()
  })

  it.each([
    ['UTC, as a CI runner prints it', 0, 'UTC+00:00'],
    ['America/Los_Angeles in winter', -480, 'UTC−08:00'],
    ['Asia/Kathmandu', 345, 'UTC+05:45'],
    ['Pacific/Kiritimati', 840, 'UTC+14:00'],
    ['Etc/GMT+12', -720, 'UTC−12:00'],
  ])('%s is accepted, 5 minutes slow, with a request-log warning', async (_, offset, named) => {
    const { subCode, entry } = await send(lenient, wallTime(offset, -5))
    expect(subCode).toBe(PASSED)
    expect(entry?.warnings).toEqual([
      expect.stringContaining(`is not China time: it reads as ${named}`),
    ])
  })

  it.each([
    ['between two zones in use (UTC+07:30)', wallTime(450)],
    ['past UTC+14', wallTime(840, 20)],
    ['before UTC−12', wallTime(-720, -20)],
    ['20 minutes off China time', wallTime(480, -20)],
  ])('a timestamp %s is refused with isv.invalid-timestamp', async (_, timestamp) => {
    const { subCode, subMsg } = await send(lenient, timestamp)
    expect(subCode).toBe('isv.invalid-timestamp')
    expect(subMsg).toContain('in every zone from UTC−12 to UTC+14')
  })

  it.each([
    ['not yyyy-MM-dd HH:mm:ss', '2026/01/15 12:00:00'],
    ['not a date', '2026-02-30 12:00:00'],
  ])('a timestamp %s is refused, naming the format', async (_, timestamp) => {
    const { subCode, subMsg } = await send(lenient, timestamp)
    expect(subCode).toBe('isv.invalid-timestamp')
    expect(subMsg).toContain('timestamp must be yyyy-MM-dd HH:mm:ss')
  })

  it('strictTimestamps accepts China time and refuses the host zone of a UTC runner', async () => {
    expect((await send(strict, wallTime(480, 5))).subCode).toBe(PASSED)
    const utc = await send(strict, wallTime(0))
    expect(utc.subCode).toBe('isv.invalid-timestamp')
    expect(utc.subMsg).toContain('strict timestamps accept no other zone')
  })

  it('the offsets cover every zone the platform knows, in winter and in summer', () => {
    const year = new Date().getUTCFullYear()
    const missing = new Set<string>()
    for (const timeZone of Intl.supportedValuesOf('timeZone')) {
      const format = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' })
      for (const month of [0, 6]) {
        const name = format
          .formatToParts(Date.UTC(year, month, 1))
          .find((part) => part.type === 'timeZoneName')?.value
        const [, sign, hours, minutes] = /GMT(?:([+-])(\d\d):(\d\d))?/.exec(name ?? '') ?? []
        const offset = sign ? (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) : 0
        if (!UTC_OFFSETS_IN_USE_MINUTES.includes(offset)) missing.add(`${timeZone} ${name}`)
      }
    }
    expect([...missing]).toEqual([])
  })
})
