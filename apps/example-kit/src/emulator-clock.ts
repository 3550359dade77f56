import { type Html, html } from './html.js'
import { durationText } from './readable-time.js'

/**
 * With `MOCK_ALIPAY_URL` (the demo sets it), the pages say when the emulator's clock has been
 * moved: Alipay's side then counts token lifetimes from another time than this app, and Query
 * may disagree with the expiry the page shows. Undefined when the clock is not moved, or the
 * emulator does not answer within half a second (the page must not wait on it).
 */
export async function emulatorClockStrip(
  emulatorUrl: string | undefined,
): Promise<Html | undefined> {
  if (emulatorUrl === undefined) return undefined
  let offsetSeconds: number
  try {
    const response = await fetch(`${emulatorUrl}/__admin/clock`, {
      signal: AbortSignal.timeout(500),
    })
    if (!response.ok) return undefined
    offsetSeconds = Number(((await response.json()) as { offset_seconds?: unknown }).offset_seconds)
  } catch {
    return undefined
  }
  if (!Number.isFinite(offsetSeconds) || offsetSeconds === 0) return undefined
  return clockStrip(emulatorUrl, offsetSeconds)
}

export function clockStrip(emulatorUrl: string, offsetSeconds: number): Html {
  const distance = durationText(Math.abs(offsetSeconds))
  return html`<span id="emulator-clock" data-offset-seconds="${offsetSeconds}"><strong>The emulator’s clock is ${distance} ${offsetSeconds > 0 ? 'ahead of' : 'behind'} this machine’s.</strong> Alipay’s side counts token lifetimes from its time, so its answers may disagree with the expiries shown here. Reset it: <code>curl -X DELETE ${emulatorUrl}/__admin/clock -H 'content-type: application/json'</code></span>`
}
