/**
 * One instance of an ISV app, as a process of its own: the Fastify plugin or the Koa middleware,
 * storing tokens in a RedisStore shared with the other instances. `GET /token/:authAppId`
 * answers `{token}` from `getToken`, or `{error}` with status 500.
 */
import type { AddressInfo } from 'node:net'
import type { AppAuthOptions } from '@alipay-isv/core'
import { RedisStore } from '@alipay-isv/core/redis'
import { alipayAuth as fastifyAlipayAuth } from '@alipay-isv/fastify'
import { alipayAuth as koaAlipayAuth } from '@alipay-isv/koa'
import Fastify from 'fastify'
import Koa from 'koa'
import { CONFIG_ENV, type FleetInstanceConfig, READY_PREFIX } from './instance-config.js'

const config = JSON.parse(process.env[CONFIG_ENV] ?? '') as FleetInstanceConfig
const store = new RedisStore({
  url: config.redisUrl,
  keyPrefix: config.keyPrefix,
  refreshLeaseMs: config.refreshLeaseMs,
})
const appAuthOptions: AppAuthOptions = {
  appId: config.appId,
  privateKey: config.privateKey,
  alipayPublicKey: config.alipayPublicKey,
  gateway: config.gateway,
  redirectUri: 'http://127.0.0.1/alipay/callback',
  store,
}

const url = config.framework === 'fastify' ? await startFastify() : await startKoa()
console.log(`${READY_PREFIX}${url}`)

async function startFastify(): Promise<string> {
  const app = Fastify()
  await app.register(fastifyAlipayAuth, { ...appAuthOptions, cookieSecret: 'f'.repeat(32) })
  app.get<{ Params: { authAppId: string } }>('/token/:authAppId', async (request, reply) => {
    try {
      return { token: await app.alipayAuth.getToken(request.params.authAppId) }
    } catch (error) {
      return reply.status(500).send({ error: String(error) })
    }
  })
  return app.listen({ host: '127.0.0.1', port: 0 })
}

async function startKoa(): Promise<string> {
  const app = new Koa()
  app.keys = ['fleet-proof-cookie-key']
  app.use(koaAlipayAuth(appAuthOptions))
  app.use(async (ctx) => {
    const authAppId = /^\/token\/([^/]+)$/.exec(ctx.path)?.[1]
    if (authAppId === undefined) return
    try {
      ctx.body = { token: await ctx.state.alipayAuth.getToken(authAppId) }
    } catch (error) {
      ctx.status = 500
      ctx.body = { error: String(error) }
    }
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
