import { ScenarioWorld } from '@alipay-isv/adapter-scenarios'
import { AlipayStateError, AppAuth, MemoryStore } from '@alipay-isv/core'
import Fastify from 'fastify'
import { describe, expect, it, vi } from 'vitest'
import { alipayAuth } from '../src/index.js'
import { buildApp, testCookieSecret } from './fastify-harness.js'
import { finishAuthorization, injectNotify, startAuthorization } from './inject-flow.js'

describe('the plugin on a Fastify instance', () => {
  it('decorates the instance with the AppAuth it built from the options', async () => {
    const app = await buildApp(new ScenarioWorld().appAuthOptions())
    expect(app.alipayAuth).toBeInstanceOf(AppAuth)
    await app.close()
  })

  it('starts the AppAuth once the app is ready, not when it is registered', async () => {
    const world = new ScenarioWorld()
    const appAuth = new AppAuth(world.appAuthOptions())
    const start = vi.spyOn(appAuth, 'start')
    const app = Fastify()
    await app.register(alipayAuth, { appAuth, cookieSecret: testCookieSecret })
    expect(start).not.toHaveBeenCalled()
    await app.ready()
    expect(start).toHaveBeenCalledTimes(1)
    await app.close()
  })

  it('moves the routes under prefix and per-route paths', async () => {
    const world = new ScenarioWorld()
    const app = await buildApp({
      ...world.appAuthOptions('/isv/back'),
      prefix: '/isv',
      routes: { authorize: '/go', callback: '/back', notify: '/hook' },
    })
    expect((await app.inject('/alipay/authorize')).statusCode).toBe(404)
    const started = await startAuthorization(app, '/isv/go')
    expect(started.response.statusCode).toBe(302)
    expect((await finishAuthorization(app, world, started)).statusCode).toBe(200)
    const notify = await injectNotify(app, world.authorizationNotify('n1'), '/isv/hook')
    expect(notify.body).toBe('success')
    await app.close()
  })

  it('switches off every route set to false', async () => {
    const app = await buildApp({
      ...new ScenarioWorld().appAuthOptions(),
      routes: { authorize: false, callback: false, notify: false },
    })
    expect((await app.inject('/alipay/authorize')).statusCode).toBe(404)
    expect((await app.inject('/alipay/callback')).statusCode).toBe(404)
    expect((await app.inject({ method: 'POST', url: '/alipay/notify' })).statusCode).toBe(404)
    await app.close()
  })

  it('reads the notification raw even when the app parses forms itself', async () => {
    const world = new ScenarioWorld()
    const app = await buildApp(world.appAuthOptions(), async (fastify) => {
      fastify.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string' },
        (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
      )
    })
    const notify = await injectNotify(app, world.authorizationNotify('n1'))
    expect(notify.body).toBe('success')
    await app.close()
  })

  it('maps core errors only on its own routes, leaving the app’s error handling alone', async () => {
    const app = await buildApp(new ScenarioWorld().appAuthOptions(), async (fastify) => {
      fastify.get('/mine', async () => {
        throw new AlipayStateError('missing-state', 'thrown by the app itself')
      })
    })
    const response = await app.inject('/mine')
    expect(response.statusCode).toBe(500)
    expect(response.json().code).toBeUndefined()
    await app.close()
  })

  it('leaves the store it was given open when it built the AppAuth: its owner closes it', async () => {
    const store = closeSpiedStore()
    const app = await buildApp({ ...new ScenarioWorld().appAuthOptions(), store })
    await app.close()
    expect(store.close).not.toHaveBeenCalled()
  })

  it('leaves an AppAuth instance passed as appAuth (and its store) open on close', async () => {
    const store = closeSpiedStore()
    const appAuth = new AppAuth({ ...new ScenarioWorld().appAuthOptions(), store })
    const app = await buildApp({ appAuth })
    expect(app.alipayAuth).toBe(appAuth)
    await app.close()
    expect(store.close).not.toHaveBeenCalled()
  })
})

function closeSpiedStore() {
  const store = new MemoryStore()
  return Object.assign(store, { close: vi.fn(async () => {}) })
}
