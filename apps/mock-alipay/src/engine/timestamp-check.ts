import { parseChinaTime } from '@alipay-isv/core/signer'
import type { EngineClock } from './clock.js'
import type { Failure } from './error-codes.js'

/** How far a request timestamp may be from the emulator's time (Alipay allows about this much). */
export const TIMESTAMP_TOLERANCE_MS = 15 * 60 * 1000

const CHINA_OFFSET_MINUTES = 8 * 60

/**
 * Every UTC offset the tz database uses, standard or daylight time, in minutes, from UTC−12
 * (Etc/GMT+12) to UTC+14 (Pacific/Kiritimati). A test checks it against the platform's zones.
 */
export const UTC_OFFSETS_IN_USE_MINUTES: readonly number[] = [
  -720, -660, -600, -570, -540, -480, -420, -360, -300, -240, -210, -180, -150, -120, -60, 0, 60,
  120, 180, 210, 240, 270, 300, 330, 345, 360, 390, 420, 480, 525, 540, 570, 600, 630, 660, 720,
  765, 780, 825, 840,
]

export type TimestampCheck = { ok: true; warning?: string } | { ok: false; failure: Failure }

/**
 * docs/protocol.md §3: `timestamp` is `yyyy-MM-dd HH:mm:ss`, and Alipay documents no zone. The Java
 * SDK sends China time; the official Node and .NET SDKs send the host's local time. So by default
 * a timestamp is accepted when some zone in use would have printed it within 15 minutes of the
 * emulator's time, with a warning for the request log when that zone is not China's; `strict`
 * accepts China time only.
 */
export function checkTimestamp(text: string, clock: EngineClock, strict: boolean): TimestampCheck {
  const asChinaTime = parseChinaTime(text)
  if (asChinaTime === undefined) return refuse(`timestamp must be yyyy-MM-dd HH:mm:ss, got ${text}`)
  // China time first: what the Java SDK and our own client send, and the cheap case.
  if (clock.isFresh(asChinaTime, TIMESTAMP_TOLERANCE_MS)) return { ok: true }
  const offset = strict ? undefined : freshOffset(asChinaTime, clock, UTC_OFFSETS_IN_USE_MINUTES)
  if (offset !== undefined)
    return {
      ok: true,
      warning: `timestamp ${text} is not China time: it reads as ${formatOffset(offset)} (the host's local time, as the official Node and .NET SDKs send it). Accepted; the Java SDK sends UTC+8, and strictTimestamps (--strict-timestamps) refuses any other zone.`,
    }
  const now = clock.chinaTime()
  return refuse(
    strict
      ? `timestamp ${text} is more than 15 minutes away from the emulator's time ${now} in China time (UTC+8), and strict timestamps accept no other zone; check the caller's clock and that it formats the time in UTC+8`
      : `timestamp ${text} is more than 15 minutes away from the emulator's time (${now} in China time) in every zone from UTC−12 to UTC+14; check the caller's clock`,
  )
}

/** The offset under which the timestamp is nearest the emulator's time, if it is fresh there. */
function freshOffset(
  asChinaTime: number,
  clock: EngineClock,
  offsets: readonly number[],
): number | undefined {
  const distanceFromNow = clock.distances()
  let best: { offset: number; distance: number } | undefined
  for (const offset of offsets) {
    const distance = distanceFromNow(asChinaTime + (CHINA_OFFSET_MINUTES - offset) * 60_000)
    if (distance <= TIMESTAMP_TOLERANCE_MS && (!best || distance < best.distance))
      best = { offset, distance }
  }
  return best?.offset
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+'
  const hours = Math.floor(Math.abs(minutes) / 60)
  const rest = Math.abs(minutes) % 60
  return `UTC${sign}${String(hours).padStart(2, '0')}:${String(rest).padStart(2, '0')}`
}

function refuse(detail: string): TimestampCheck {
  return { ok: false, failure: { kind: 'invalid-timestamp', detail } }
}

/** docs/protocol.md §4: a v3 `timestamp` is epoch milliseconds, the same in every zone. */
export function checkEpochTimestamp(text: string, clock: EngineClock): Failure | undefined {
  if (clock.isFresh(Number(text), TIMESTAMP_TOLERANCE_MS)) return undefined
  return {
    kind: 'invalid-timestamp',
    detail: `timestamp ${text} (epoch milliseconds) is more than 15 minutes away from the emulator's time ${clock.now()}; check the caller's clock`,
  }
}
