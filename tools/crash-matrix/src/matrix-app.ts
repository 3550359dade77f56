/**
 * An ISV app as a process of its own, for the crash matrix to kill: the Fastify plugin or the
 * Koa middleware over a FileStore or a RedisStore, with the routes of `merchant-actions.ts`.
 * Forced refreshes are not rate-limited here (`minRefreshIntervalMs: 0`), so that every Refresh
 * rotates the pair and a kill can land between Alipay's rotation and the store's write.
 */
import type { AddressInfo } from 'node:net'
import { type AppAuthOptions, FileStore } from '@alipay-isv/core'
import { RedisStore } from '@alipay-isv/core/redis'
import { alipayAuth as fastifyAlipayAuth } from '@alipay-isv/fastify'
import { alipayAuth as koaAlipayAuth } from '@alipay-isv/koa'
import Fastify from 'fastify'
import Koa from 'koa'
import { CONFIG_ENV, type MatrixAppConfig, READY_PREFIX } from './matrix-config.js'
import { merchantAction } from './merchant-actions.js'

const config = JSON.parse(process.env[CONFIG_ENV] ?? '') as MatrixAppConfig
const store =
  config.store.kind === 'file'
    ? await FileStore.open({ dir: config.store.dir })
    : // A killed process's leases keep its merchants for refreshLeaseMs: short here, so that the
      // restarted app finishes their refreshes within seconds rather than the default 30.
      new RedisStore({ ...config.store, commandTimeoutMs: 1000, refreshLeaseMs: 3000 })
const options: AppAuthOptions = {
  appId: config.appId,
  privateKey: config.privateKey,
  alipayPublicKey: config.alipayPublicKey,
  gateway: config.gateway,
  redirectUri: 'http://127.0.0.1/alipay/callback',
  store,
  minRefreshIntervalMs: 0,
}

const url = config.adapter === 'fastify' ? await startFastify() : await startKoa()
console.log(`${READY_PREFIX}${url}`)

async function startFastify(): Promise<string> {
  const app = Fastify()
  await app.register(fastifyAlipayAuth, { ...options, cookieSecret: 'c'.repeat(32) })
  app.route({
    method: ['GET', 'POST'],
    url: '/matrix/*',
    handler: async (request, reply) => {
      const path = new URL(request.url, 'http://app').pathname
      const answer = await merchantAction(app.alipayAuth, request.method, path)
      return reply.status(answer?.status ?? 404).send(answer?.body ?? {})
    },
  })
  return app.listen({ host: '127.0.0.1', port: 0 })
}

async function startKoa(): Promise<string> {
  const app = new Koa()
  app.keys = ['crash-matrix-cookie-key']
  const middleware = koaAlipayAuth(options)
  app.use(middleware)
  app.use(async (ctx) => {
    const answer = await merchantAction(middleware.appAuth, ctx.method, ctx.path)
    if (answer === undefined) return
    ctx.status = answer.status
    ctx.body = answer.body
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
