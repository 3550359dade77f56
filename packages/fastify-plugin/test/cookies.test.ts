import { ScenarioWorld } from '@alipay-isv/adapter-scenarios'
import { AppAuth } from '@alipay-isv/core'
import cookiePlugin from '@fastify/cookie'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import alipayAuth from '../src/index.js'
import { buildApp, testCookieSecret } from './fastify-harness.js'
import { finishAuthorization, startAuthorization } from './inject-flow.js'

const otherSecret = 'previous-cookie-secret-0123456789-xyz'

function stateCookie(response: { cookies: Array<{ name: string }> }) {
  return response.cookies.find((cookie) => cookie.name === 'alipay_auth_state') as
    | {
        name: string
        value: string
        path?: string
        secure?: boolean
        httpOnly?: boolean
        sameSite?: string
      }
    | undefined
}

describe('the state cookie', () => {
  it('works without any cookie plugin: written as Set-Cookie and read back from the Cookie header', async () => {
    const world = new ScenarioWorld()
    const app = await buildApp(world.appAuthOptions())
    const started = await startAuthorization(app)
    expect(stateCookie(started.response)).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
      path: '/alipay',
    })
    expect((await finishAuthorization(app, world, started)).statusCode).toBe(200)
    await app.close()
  })

  it('goes through @fastify/cookie when it is registered, with the plugin’s own cookieSecret', async () => {
    const world = new ScenarioWorld()
    const app = await buildApp(world.appAuthOptions(), async (fastify) => {
      await fastify.register(cookiePlugin)
    })
    const started = await startAuthorization(app)
    expect(stateCookie(started.response)).toMatchObject({ httpOnly: true, path: '/alipay' })
    expect((await finishAuthorization(app, world, started)).statusCode).toBe(200)
    await app.close()
  })

  it('is signed with the secret of @fastify/cookie when no cookieSecret is given', async () => {
    const world = new ScenarioWorld()
    const app = await buildApp(
      { ...world.appAuthOptions(), cookieSecret: undefined },
      async (fastify) => {
        await fastify.register(cookiePlugin, { secret: otherSecret })
      },
    )
    const started = await startAuthorization(app)
    const cookie = stateCookie(started.response)
    expect(app.unsignCookie(decodeURIComponent(cookie?.value ?? '')).valid).toBe(true)
    expect((await finishAuthorization(app, world, started)).statusCode).toBe(200)
    await app.close()
  })

  it('signed with a rotated-out secret still verifies while that secret is listed second', async () => {
    const world = new ScenarioWorld()
    const appAuth = new AppAuth(world.appAuthOptions())
    const before = await buildApp({ appAuth, cookieSecret: otherSecret })
    const started = await startAuthorization(before)
    await before.close()
    const after = await buildApp({ appAuth, cookieSecret: [testCookieSecret, otherSecret] })
    expect((await finishAuthorization(after, world, started)).statusCode).toBe(200)
    await after.close()
  })

  it('is Secure when the request came over HTTPS through a trusted proxy', async () => {
    const world = new ScenarioWorld()
    const app = await buildApp(world.appAuthOptions(), undefined, { trustProxy: true })
    const started = await startAuthorization(app, '/alipay/authorize', {
      'x-forwarded-proto': 'https',
    })
    expect(stateCookie(started.response)?.secure).toBe(true)
    const plain = await startAuthorization(app)
    expect(stateCookie(plain.response)?.secure).toBeUndefined()
    await app.close()
  })

  it('is Secure over HTTPS with @fastify/cookie too', async () => {
    const world = new ScenarioWorld()
    const app = await buildApp(
      world.appAuthOptions(),
      async (fastify) => {
        await fastify.register(cookiePlugin)
      },
      { trustProxy: true },
    )
    const started = await startAuthorization(app, '/alipay/authorize', {
      'x-forwarded-proto': 'https',
    })
    expect(stateCookie(started.response)?.secure).toBe(true)
    await app.close()
  })

  it('is scoped to the full prefix when the plugin is registered inside a prefixed scope', async () => {
    const world = new ScenarioWorld()
    const app = Fastify()
    await app.register(
      async (api) => {
        await api.register(alipayAuth, {
          ...world.appAuthOptions('/api/alipay/callback'),
          cookieSecret: testCookieSecret,
        })
      },
      { prefix: '/api' },
    )
    const started = await startAuthorization(app, '/api/alipay/authorize')
    expect(stateCookie(started.response)?.path).toBe('/api/alipay')
    expect((await finishAuthorization(app, world, started)).statusCode).toBe(200)
    await app.close()
  })
})
