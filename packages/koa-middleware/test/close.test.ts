import { ScenarioWorld } from '@alipay-isv/adapter-scenarios'
import { AppAuth, MemoryStore } from '@alipay-isv/core'
import Koa from 'koa'
import { describe, expect, it, vi } from 'vitest'
import { alipayAuth } from '../src/index.js'
import { recordingLogger } from './support/recording-logger.js'
import { serve } from './support/serve.js'

/** A store that counts how often it was closed. */
function closableStore(world: ScenarioWorld) {
  const closed = { count: 0 }
  const store = Object.assign(new MemoryStore({ clock: world.clock }), {
    close: async () => {
      closed.count++
    },
  })
  return { store, closed }
}

describe('starting the AppAuth', () => {
  it('happens at the first request, not when the middleware is made', async () => {
    const world = new ScenarioWorld()
    const appAuth = new AppAuth(world.appAuthOptions())
    const start = vi.spyOn(appAuth, 'start')
    const middleware = alipayAuth({ appAuth, logger: recordingLogger() })
    expect(start).not.toHaveBeenCalled()
    const app = new Koa().use(middleware)
    const served = await serve(app)
    await fetch(`${served.baseUrl}/elsewhere`)
    expect(start).toHaveBeenCalled()
    await served.close()
  })
})

describe('middleware.close()', () => {
  it('closes the AppAuth the middleware built, leaving the store passed in to its owner', async () => {
    const world = new ScenarioWorld()
    const { store, closed } = closableStore(world)
    const logger = recordingLogger()
    const middleware = alipayAuth({ ...world.appAuthOptions(), store, logger })
    await Promise.all([middleware.close(), middleware.close()])
    await middleware.close()
    expect(closed.count).toBe(0)
    await middleware.appAuth.handleNotify(world.authorizationNotify('n1'))
    expect(logger.lines).toEqual([])
  })

  it('leaves an AppAuth passed in open for its owner, and stops logging its events', async () => {
    const world = new ScenarioWorld()
    const { store, closed } = closableStore(world)
    const appAuth = new AppAuth({ ...world.appAuthOptions(), store })
    const logger = recordingLogger()
    const middleware = alipayAuth({ appAuth, logger })
    await appAuth.handleNotify(world.authorizationNotify('n1'))
    await middleware.close()
    expect(closed.count).toBe(0)
    await appAuth.handleNotify(world.authorizationNotify('n2'))
    expect(logger.lines).toEqual([expect.stringMatching(/notificationReceived .*notifyId=n1/)])
    await expect(appAuth.listMerchants()).resolves.toHaveLength(1)
  })
})
