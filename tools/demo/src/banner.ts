import { MERCHANT_WITHOUT_QUERY } from './business-calls.js'
import { DEMO_APP_ID } from './demo-app.js'

const LOOPBACK = '127.0.0.1'
const YEAR_SECONDS = 365 * 24 * 3600

export interface BannerFacts {
  name: string
  mode: string
  /** The LAN address the demo listens on (`--lan`), if any. */
  lan?: string
  dir: string
  exampleUrl: string
  alipayUrl: string
  invitation: string
  /** The emulator's clock offset as this run found it, in seconds. */
  carriedOffset: number
  /** `ALIPAY_STORE_URL` of `--store`; undefined for the FileStore. */
  storeUrl?: string
}

/** What the demo prints once both run; the last line, "Ctrl-C stops both.", says it is ready. */
export function banner(facts: BannerFacts): string {
  // Every admin write must say JSON, an empty body included (the emulator's guard against pages).
  const admin = (method: string, path: string, body?: string) =>
    `curl -X ${method} ${facts.alipayUrl}/__admin/${path} -H 'content-type: application/json'${body === undefined ? '' : ` -d '${body}'`}`
  const phone =
    facts.lan === undefined
      ? `The QR code of "Authorize on your phone" points to ${LOOPBACK}, which only this machine opens;
  \`pnpm demo --lan\` puts the app and the emulator on this machine's network address for a real phone.`
      : `A phone on the same network can scan the QR code of "Authorize on your phone": the app and the
  emulator listen on ${facts.lan} (anyone on this network can reach them while the demo runs).`
  const certificate =
    facts.mode === 'certificate'
      ? `\n  Certificate mode: the three .crt files are in ${facts.dir}. Rotate Alipay's certificate, then press "Query Alipay":\n    ${admin('POST', 'keys/rotate', '{}')}\n`
      : ''
  const carried =
    facts.carriedOffset === 0
      ? ''
      : `\n  NOTE: the emulator's clock is ${distance(facts.carriedOffset)} ahead, moved in an earlier run (its state is kept in
  ${facts.dir}); the pages show it too. Put it back on this machine's time:
    ${admin('DELETE', 'clock')}\n`
  return `
  Alipay ISV demo (${facts.name}, ${facts.mode} mode${facts.storeUrl === undefined ? '' : `, tokens in ${facts.storeUrl}`}) — no Alipay account needed

  Open ${facts.exampleUrl}/ and press "Authorize with Alipay".
  Or open this invitation link, as a merchant invited from the Alipay console would:
    ${facts.invitation}
  ${phone}
${carried}
  Try it: the emulator (mock-alipay, ${facts.alipayUrl}) lets the demo app's tokens expire after a
  year. Authorize a merchant, move the emulator's clock a year ahead, and press "Query Alipay" on
  /merchants: Alipay answers that the token timed out, the app refreshes it and says so, and the
  card shows the new token's fingerprint.
    ${admin('POST', 'clock', `{"advance_seconds": ${YEAR_SECONDS}}`)}
  Put the clock back afterwards (the pages show it while it is moved):
    ${admin('DELETE', 'clock')}
  "Call alipay.trade.query" on /merchants calls Alipay for the merchant with its token (the
  emulator answers from a stub); merchant app ${MERCHANT_WITHOUT_QUERY.auth_app_id} granted only alipay.trade.create,
  so for it the call is refused.
  Or cancel as the merchant would, and watch the card say so:
    ${admin('POST', 'merchants/cancel', `{"app_id": "${DEMO_APP_ID}", "user_id": "<user_id from /merchants>"}`)}
${certificate}
  State is kept in ${facts.dir} (delete it to start over). Ctrl-C stops both.

`
}

/** Seconds in the largest whole unit: "365 days", "1 hour". */
function distance(seconds: number): string {
  const units: Array<[string, number]> = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ]
  for (const [unit, size] of units) {
    const count = Math.floor(seconds / size)
    if (count > 0) return `${count} ${unit}${count === 1 ? '' : 's'}`
  }
  return `${seconds} seconds`
}
