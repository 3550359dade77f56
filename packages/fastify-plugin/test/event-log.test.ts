import { defaultMerchant, ScenarioWorld } from '@alipay-isv/adapter-scenarios'
import { AlipayReauthorizationRequiredError, AppAuth, type MerchantToken } from '@alipay-isv/core'
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import type { AlipayAuthOptions } from '../src/index.js'
import { capturedLogger, type LogLine, logLevel } from './captured-log.js'
import { buildApp } from './fastify-harness.js'
import { finishAuthorization, injectNotify, startAuthorization } from './inject-flow.js'

const DAY_MS = 24 * 3600 * 1000
const { authAppId, userId } = defaultMerchant
const traceId = expect.stringMatching(/^[0-9a-f]{24}$/)

interface Running {
  app: FastifyInstance
  world: ScenarioWorld
  lines: LogLine[]
  /** The lines of one AppAuth event. */
  event(name: string): LogLine[]
  /** Every token pair the store held while the test ran: none may be in the log. */
  seen: MerchantToken[]
}

const open: FastifyInstance[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()))
})

type ExtraOptions = (world: ScenarioWorld) => Partial<AlipayAuthOptions>

async function start(extra: ExtraOptions = () => ({})): Promise<Running> {
  const world = new ScenarioWorld()
  const { lines, fastifyOptions } = capturedLogger()
  const pluginOptions = { ...world.appAuthOptions(), ...extra(world) } as AlipayAuthOptions
  const app = await buildApp(pluginOptions, undefined, fastifyOptions)
  open.push(app)
  return {
    app,
    world,
    lines,
    event: (name) => lines.filter((line) => line.event === name),
    seen: [],
  }
}

async function authorize(running: Running): Promise<void> {
  const { app, world } = running
  await finishAuthorization(app, world, await startAuthorization(app))
  running.seen.push(...(await app.alipayAuth.listMerchants()))
}

/** The event was logged once, with these fields (and maybe more). */
function expectLogged(running: Running, event: string, fields: LogLine): void {
  expect(running.event(event)).toEqual([expect.objectContaining(fields)])
}

/** Tokens of every record seen, and the notifications' tokens and codes (`202506BB…`, `code_…`). */
function expectNoSecrets({ lines, seen }: Running): void {
  const log = JSON.stringify(lines)
  for (const { appAuthToken, appRefreshToken } of seen) {
    expect(log).not.toContain(appAuthToken)
    expect(log).not.toContain(appRefreshToken)
  }
  expect(log).not.toMatch(/202506BBn\dtoken|202506BBn\drefresh|code_n\d/)
}

describe("AppAuth events in Fastify's log", () => {
  it("an exchanged code is an info line with the merchant's ids and Alipay's trace id", async () => {
    const running = await start()
    await authorize(running)
    expectLogged(running, 'codeExchanged', {
      level: logLevel.info,
      plugin: '@alipay-isv/fastify',
      msg: 'alipay codeExchanged',
      authAppId,
      userId,
      traceId,
    })
    expectNoSecrets(running)
  })

  it('a refreshed token is an info line with the merchant and the new expiry', async () => {
    const running = await start()
    await authorize(running)
    running.world.advance(60_000) // past minRefreshIntervalMs: refresh() rotates again
    const refreshed = await running.app.alipayAuth.refresh(authAppId)
    running.seen.push(refreshed)
    expectLogged(running, 'tokenRefreshed', {
      level: logLevel.info,
      authAppId,
      userId,
      expiresAt: refreshed.expiresAt,
      traceId,
    })
    expectNoSecrets(running)
  })

  it('a refresh token Alipay no longer accepts gives a warn line for the failure and one for the merchant to win back', async () => {
    const running = await start()
    await authorize(running)
    running.world.advance(400 * DAY_MS)
    await expect(running.app.alipayAuth.getToken(authAppId)).rejects.toBeInstanceOf(
      AlipayReauthorizationRequiredError,
    )
    expectLogged(running, 'refreshFailed', {
      level: logLevel.warn,
      authAppId,
      userId,
      traceId,
      error: expect.objectContaining({ subCode: 'isv.refresh-token-time-out' }),
    })
    expectLogged(running, 'reauthorizationRequired', {
      level: logLevel.warn,
      authAppId,
      reason: 'refresh-token-dead',
    })
    expectNoSecrets(running)
  })

  it('a handled notification is an info line with its kind, notify id and merchant', async () => {
    const running = await start()
    await injectNotify(running.app, running.world.authorizationNotify('n1'))
    expectLogged(running, 'notificationReceived', {
      level: logLevel.info,
      kind: 'authorized',
      notifyId: 'n1',
      authAppId,
    })
    expectNoSecrets(running)
  })

  it('a cancellation is a warn line: the merchant must authorize again', async () => {
    const running = await start()
    await injectNotify(running.app, running.world.authorizationNotify('n1'))
    await injectNotify(running.app, running.world.cancellationNotify('n2'))
    expectLogged(running, 'reauthorizationRequired', {
      level: logLevel.warn,
      authAppId,
      userId,
      reason: 'cancelled',
      notifyId: 'n2',
    })
    expectNoSecrets(running)
  })

  it('a notification that does not verify is an error line, and its rejection a warn line', async () => {
    const running = await start()
    const forged = new URLSearchParams(running.world.authorizationNotify('n1'))
    forged.set('auth_app_id', '2021000000000999')
    const response = await injectNotify(running.app, forged.toString())
    expect(response.body).toBe('fail')
    expectLogged(running, 'signatureVerificationFailed', {
      level: logLevel.error,
      source: 'notification',
      operation: 'notify',
      notifyId: 'n1',
    })
    expectLogged(running, 'notificationRejected', {
      level: logLevel.warn,
      notifyId: 'n1',
      reason: expect.any(String),
    })
    expectNoSecrets(running)
  })

  it("an answer from Alipay that does not verify is an error line naming the call and Alipay's trace id", async () => {
    const running = await start((world) => ({ alipayPublicKey: world.keys.stranger.publicKey }))
    await authorize(running)
    expectLogged(running, 'signatureVerificationFailed', {
      level: logLevel.error,
      source: 'response',
      operation: 'exchangeCode',
      traceId,
    })
    expect(JSON.stringify(running.lines)).not.toMatch(/202506BB[0-9a-f]{32}/)
  })

  it('logEvents: false keeps the events out of the log', async () => {
    const running = await start(() => ({ logEvents: false }))
    await authorize(running)
    await injectNotify(running.app, running.world.authorizationNotify('n1'))
    expect(running.lines.filter((line) => line.event !== undefined)).toEqual([])
  })

  it('a passed-in AppAuth no longer logs through the app once Fastify has closed', async () => {
    const world = new ScenarioWorld()
    const appAuth = new AppAuth(world.appAuthOptions())
    const { lines, fastifyOptions } = capturedLogger()
    const app = await buildApp({ appAuth }, undefined, fastifyOptions)
    const eventNotifyIds = () => lines.filter((line) => line.event).map((line) => line.notifyId)
    await appAuth.handleNotify(world.authorizationNotify('n1'))
    expect(eventNotifyIds()).toEqual(['n1'])
    await app.close()
    await appAuth.handleNotify(world.authorizationNotify('n2'))
    expect(eventNotifyIds()).toEqual(['n1'])
    // Still the app's to use and close: the plugin only let go of it.
    await expect(appAuth.listMerchants()).resolves.toHaveLength(1)
    await appAuth.close()
  })
})
