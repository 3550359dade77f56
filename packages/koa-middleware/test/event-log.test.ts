import { defaultMerchant, ScenarioWorld } from '@alipay-isv/adapter-scenarios'
import { AlipayReauthorizationRequiredError, type MerchantToken } from '@alipay-isv/core'
import { describe, expect, it } from 'vitest'
import { type KoaTestApp, type KoaTestSetup, startsKoaApps } from './support/koa-app.js'
import type { LogLevel } from './support/recording-logger.js'

const startApp = startsKoaApps()
const DAY_MS = 24 * 3600 * 1000
const { authAppId, userId } = defaultMerchant
const form = 'application/x-www-form-urlencoded'

interface Running extends KoaTestApp {
  /** Every token pair the store held while the test ran: none may be in the log. */
  seen: MerchantToken[]
}

async function start(setup?: KoaTestSetup): Promise<Running> {
  return Object.assign(await startApp(setup), { seen: [] })
}

async function authorize(running: Running): Promise<void> {
  const { browser, world, middleware } = running
  const authorizeResponse = await browser.get('/alipay/authorize')
  await browser.get(await world.consent(authorizeResponse.headers.get('location') ?? ''))
  running.seen.push(...(await middleware.appAuth.listMerchants()))
}

function notify(running: Running, body: string): Promise<Response> {
  return running.browser.post('/alipay/notify', body, form)
}

/** The event was logged once, at `level`, and its line matches `pattern`. */
function expectLogged(running: Running, event: string, level: LogLevel, pattern: RegExp): void {
  const lines = running.logEntries.filter((entry) =>
    entry.line.startsWith(`alipay-auth: ${event} `),
  )
  expect(lines).toEqual([{ level, line: expect.stringMatching(pattern) }])
}

/** Tokens of every record seen, and the notifications' tokens and codes (`202506BB…`, `code_…`). */
function expectNoSecrets({ log, seen }: Running): void {
  for (const line of log) {
    for (const { appAuthToken, appRefreshToken } of seen) {
      expect(line).not.toContain(appAuthToken)
      expect(line).not.toContain(appRefreshToken)
    }
    expect(line).not.toMatch(/202506BBn\d|code_n\d/)
  }
}

describe('AppAuth events in the logger', () => {
  it("an exchanged code is an info line with the merchant's ids and Alipay's trace id", async () => {
    const running = await start()
    await authorize(running)
    expectLogged(
      running,
      'codeExchanged',
      'info',
      new RegExp(
        `^alipay-auth: codeExchanged authAppId=${authAppId} userId=${userId} traceId=[0-9a-f]{24}$`,
      ),
    )
    expectNoSecrets(running)
  })

  it('a refreshed token is an info line with the merchant and the new expiry', async () => {
    const running = await start()
    await authorize(running)
    running.world.advance(60_000) // past minRefreshIntervalMs: refresh() rotates again
    const refreshed = await running.middleware.appAuth.refresh(authAppId)
    running.seen.push(refreshed)
    expectLogged(
      running,
      'tokenRefreshed',
      'info',
      new RegExp(
        `authAppId=${authAppId} userId=${userId} expiresAt=${refreshed.expiresAt} traceId=`,
      ),
    )
    expectNoSecrets(running)
  })

  it('a refresh token Alipay no longer accepts gives a warn line for the failure and one for the merchant to win back', async () => {
    const running = await start()
    await authorize(running)
    running.world.advance(400 * DAY_MS)
    await expect(running.middleware.appAuth.getToken(authAppId)).rejects.toBeInstanceOf(
      AlipayReauthorizationRequiredError,
    )
    expectLogged(
      running,
      'refreshFailed',
      'warn',
      new RegExp(`authAppId=${authAppId} .*error.subCode=isv.refresh-token-time-out`),
    )
    expectLogged(
      running,
      'reauthorizationRequired',
      'warn',
      new RegExp(`authAppId=${authAppId} userId=${userId} reason=refresh-token-dead`),
    )
    expectNoSecrets(running)
  })

  it('a handled notification is an info line with its kind, notify id and merchant', async () => {
    const running = await start()
    await notify(running, running.world.authorizationNotify('n1'))
    expectLogged(
      running,
      'notificationReceived',
      'info',
      new RegExp(`kind=authorized notifyId=n1 authAppId=${authAppId}$`),
    )
    expectNoSecrets(running)
  })

  it('a cancellation is a warn line: the merchant must authorize again', async () => {
    const running = await start()
    await notify(running, running.world.authorizationNotify('n1'))
    await notify(running, running.world.cancellationNotify('n2'))
    expectLogged(
      running,
      'reauthorizationRequired',
      'warn',
      new RegExp(`authAppId=${authAppId} userId=${userId} reason=cancelled notifyId=n2`),
    )
    expectNoSecrets(running)
  })

  it('a notification that does not verify is an error line, and its rejection a warn line', async () => {
    const running = await start()
    const forged = new URLSearchParams(running.world.authorizationNotify('n1'))
    forged.set('auth_app_id', '2021000000000999')
    expect(await (await notify(running, forged.toString())).text()).toBe('fail')
    expectLogged(
      running,
      'signatureVerificationFailed',
      'error',
      /source=notification operation=notify notifyId=n1/,
    )
    expectLogged(running, 'notificationRejected', 'warn', /reason="[^"]+" notifyId=n1$/)
    expectNoSecrets(running)
  })

  it("an answer from Alipay that does not verify is an error line naming the call and Alipay's trace id", async () => {
    const strangerKey = new ScenarioWorld().keys.stranger.publicKey
    const running = await start({ options: { alipayPublicKey: strangerKey } })
    await authorize(running)
    expectLogged(
      running,
      'signatureVerificationFailed',
      'error',
      /source=response operation=exchangeCode traceId=[0-9a-f]{24}$/,
    )
  })

  it('a logger without error() gets the error lines on warn()', async () => {
    const warnings: string[] = []
    const logger = { info: () => {}, warn: (line: string) => void warnings.push(line) }
    const running = await start({ options: { logger } })
    await notify(running, 'notify_id=n1&sign=forged')
    expect(warnings).toEqual([
      expect.stringMatching(/^alipay-auth: signatureVerificationFailed /),
      expect.stringMatching(/^alipay-auth: notificationRejected /),
    ])
  })

  it('logEvents: false keeps the events out of the log, and the route lines in', async () => {
    const running = await start({ options: { logEvents: false } })
    await authorize(running)
    await notify(running, running.world.authorizationNotify('n1'))
    expect(running.log).toEqual([
      expect.stringMatching(/^alipay-auth: authorize: /),
      expect.stringMatching(/^alipay-auth: callback: authorized /),
    ])
  })
})
