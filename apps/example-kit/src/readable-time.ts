import { type Html, html } from './html.js'

/**
 * A moment as people read it, in the server's time zone (`TZ`), named so that "10:41" is never
 * ambiguous: "30 Nov 2026, 10:41 UTC". The exact ISO time stays in `datetime` for machines.
 */
export function timeHtml(epochMs: number): Html {
  const text = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(epochMs)
  return html`<time datetime="${new Date(epochMs).toISOString()}">${text}</time>`
}

/** The same, with how far it is from `now`: "30 Nov 2027, 10:41 UTC (in 365 days)". */
export function timeFromNowHtml(epochMs: number, now: number): Html {
  const seconds = Math.round((epochMs - now) / 1000)
  const distance = seconds >= 0 ? `in ${durationText(seconds)}` : `${durationText(-seconds)} ago`
  return html`${timeHtml(epochMs)} (${distance})`
}

const units: Array<[string, number]> = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
]

/** Seconds as people say them, to the two largest units: "364 days 23 hours", "5 minutes". */
export function durationText(totalSeconds: number): string {
  let rest = Math.max(0, Math.floor(totalSeconds))
  const parts: string[] = []
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size)
    rest -= count * size
    if (count > 0 && parts.length < 2) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`)
    if (parts.length > 0 && count === 0) break // "1 day 0 hours 5 minutes" reads as "1 day"
  }
  return parts.length === 0 ? '0 seconds' : parts.join(' ')
}
