import { describe, expect, it } from 'vitest'
import { AlipayRouteError, StateMissingError } from '../src/index.js'
import { type KoaTestApp, startsKoaApps } from './support/koa-app.js'

const startApp = startsKoaApps()

/** A callback that passes every check but carries no state. */
const stateless = (test: KoaTestApp) =>
  `/alipay/callback?app_id=${test.world.appId}&source=alipay_app_auth&app_auth_code=c1`

describe('client errors in Koa terms', () => {
  it("without an error middleware, Koa's default handler answers the status and the message as text", async () => {
    const running = await startApp()
    const response = await running.browser.get(stateless(running))
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await response.text()).toContain('Start again at /alipay/authorize.')
  })

  it('are AlipayRouteErrors of one class per code, with status, the stable code and expose: true', async () => {
    const emitted: unknown[] = []
    const running = await startApp()
    running.app.on('error', (error) => emitted.push(error))
    await running.browser.get(stateless(running))
    expect(emitted).toEqual([
      expect.objectContaining({ status: 400, code: 'ALIPAY_STATE_MISSING', expose: true }),
    ])
    expect(emitted[0]).toBeInstanceOf(StateMissingError)
    expect(emitted[0]).toBeInstanceOf(AlipayRouteError)
  })

  it('are logged as one line naming the code that was answered', async () => {
    const running = await startApp()
    await running.browser.get(stateless(running))
    expect(running.log).toEqual([
      expect.stringMatching(/^alipay-auth: callback: ALIPAY_STATE_MISSING/),
    ])
  })
})
