import { ScenarioWorld } from '@alipay-isv/adapter-scenarios'
import Koa from 'koa'
import { afterEach, describe, expect, it } from 'vitest'
import { alipayAuth } from '../src/index.js'
import { recordingLogger } from './support/recording-logger.js'
import { type ServedApp, serve } from './support/serve.js'

const served: ServedApp[] = []
afterEach(async () => {
  await Promise.all(served.splice(0).map((app) => app.close()))
})

/** An app whose later middleware reports what it finds on the context. */
async function reportingApp(withApp: boolean) {
  const app = new Koa({ keys: ['test cookie secret'] })
  const options = { ...new ScenarioWorld().appAuthOptions(), logger: recordingLogger() }
  const auth = withApp ? alipayAuth(options, app) : alipayAuth(options)
  app.use(auth)
  app.use((ctx) => {
    ctx.body = { onContext: ctx.alipayAuth === auth.appAuth, present: 'alipayAuth' in ctx }
  })
  const running = await serve(app)
  served.push(running)
  return { app, auth, running }
}

describe('the app given to alipayAuth(options, app)', () => {
  it('gets the AppAuth on its context once, when the middleware is made: ctx.alipayAuth everywhere', async () => {
    const { app, auth, running } = await reportingApp(true)
    expect(app.context.alipayAuth).toBe(auth.appAuth)
    const response = await fetch(`${running.baseUrl}/anything`)
    expect(await response.json()).toEqual({ onContext: true, present: true })
  })

  it('not given, the context is left alone', async () => {
    const { app, running } = await reportingApp(false)
    expect('alipayAuth' in app.context).toBe(false)
    const response = await fetch(`${running.baseUrl}/anything`)
    expect(await response.json()).toEqual({ onContext: false, present: false })
  })

  it('refuses a stateKey the context already has, naming the option', () => {
    const app = new Koa()
    const options = new ScenarioWorld().appAuthOptions()
    alipayAuth(options, app)
    expect(() => alipayAuth(options, app)).toThrow(/ctx\.alipayAuth is already taken.*"stateKey"/)
    expect(() => alipayAuth({ ...options, stateKey: 'body' }, app)).toThrow(/ctx\.body/)
  })
})

describe('two middlewares with one stateKey', () => {
  it('answer 500 ALIPAY_CONFIG rather than one hiding the other, and say why in the log', async () => {
    const world = new ScenarioWorld()
    const app = new Koa({ keys: ['test cookie secret'] })
    app.silent = true
    const emitted: Error[] = []
    app.on('error', (error: Error) => emitted.push(error))
    const logger = recordingLogger()
    app.use(alipayAuth({ ...world.appAuthOptions(), logger }))
    app.use(
      alipayAuth({
        ...world.appAuthOptions('/mini/callback', world.secondAppId),
        prefix: '/mini',
        logger,
      }),
    )
    const running = await serve(app)
    served.push(running)
    const response = await fetch(`${running.baseUrl}/mini/authorize`, { redirect: 'manual' })
    expect(response.status).toBe(500)
    expect(await response.json()).toMatchObject({ code: 'ALIPAY_CONFIG' })
    expect(emitted[0]?.message).toMatch(/ctx\.state\.alipayAuth.*"stateKey"/)
  })
})
