import type { AddressInfo } from 'node:net'
import type { AppAuth, AppAuthOptions } from '@alipay-isv/core'
import { alipayAuth as fastifyAlipayAuth } from '@alipay-isv/fastify'
import { alipayAuth as koaAlipayAuth } from '@alipay-isv/koa'
import Fastify from 'fastify'
import Koa from 'koa'

export interface RouteAnswer {
  status: number
  body: Record<string, unknown>
}

/** The app's own routes, the same behind both adapters: an answer, or `undefined` for none (404). */
export type AppRoute = (
  auth: AppAuth,
  method: string,
  path: string,
) => Promise<RouteAnswer | undefined>

/**
 * An ISV app on 127.0.0.1 (a free port): the Fastify plugin or the Koa middleware configured with
 * `appAuthOptions`, and `route` for every other request. Resolves to its base URL once it listens.
 */
export function startAdapterApp(
  framework: 'fastify' | 'koa',
  appAuthOptions: AppAuthOptions,
  route: AppRoute,
): Promise<string> {
  return framework === 'fastify'
    ? startFastify(appAuthOptions, route)
    : startKoa(appAuthOptions, route)
}

/**
 * Idle connections stay open this long: on a loaded machine the caller's client can reuse one
 * after Node's default 5 s, just as the server closes it ("other side closed").
 */
const KEEP_ALIVE_MS = 120_000

async function startFastify(appAuthOptions: AppAuthOptions, route: AppRoute): Promise<string> {
  const app = Fastify({ keepAliveTimeout: KEEP_ALIVE_MS })
  await app.register(fastifyAlipayAuth, { ...appAuthOptions, cookieSecret: 'c'.repeat(32) })
  app.route({
    method: ['GET', 'POST'],
    url: '/*',
    handler: async (request, reply) => {
      const path = new URL(request.url, 'http://app').pathname
      const answer = await route(app.alipayAuth, request.method, path)
      if (answer === undefined) return reply.callNotFound()
      return reply.status(answer.status).send(answer.body)
    },
  })
  return app.listen({ host: '127.0.0.1', port: 0 })
}

async function startKoa(appAuthOptions: AppAuthOptions, route: AppRoute): Promise<string> {
  const app = new Koa()
  app.keys = ['adapter-app-cookie-key']
  const middleware = koaAlipayAuth(appAuthOptions)
  app.use(middleware)
  app.use(async (ctx) => {
    const answer = await route(middleware.appAuth, ctx.method, ctx.path)
    if (answer === undefined) return
    ctx.status = answer.status
    ctx.body = answer.body
  })
  const server = app.listen(0, '127.0.0.1')
  server.keepAliveTimeout = KEEP_ALIVE_MS
  await new Promise((resolve) => server.once('listening', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
