import type { AddressInfo } from 'node:net'
import type { AdapterHarness } from '@alipay-isv/adapter-scenarios'
import type { AppAuth } from '@alipay-isv/core'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import * as fastifyPackage from '../src/index.js'
import { type AlipayAuthOptions, alipayAuth } from '../src/index.js'

export const testCookieSecret = 'test-cookie-secret-0123456789-abcdef'

/** Fastify with the plugin registered; rejects (and closes) when the options are refused. */
export async function buildApp(
  options: AlipayAuthOptions,
  configure?: (app: FastifyInstance) => Promise<void>,
  fastifyOptions: FastifyServerOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify(fastifyOptions)
  try {
    await configure?.(app)
    await app.register(alipayAuth, { cookieSecret: testCookieSecret, ...options })
    await app.ready()
    return app
  } catch (error) {
    await app.close()
    throw error
  }
}

/** The shared scenario table's view of the plugin: a real port, errors as Fastify JSON. */
export const fastifyHarness: AdapterHarness = {
  packageName: '@alipay-isv/fastify',
  packageExports: fastifyPackage,
  async startApp(options) {
    const app = await buildApp(options)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as AddressInfo
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      appAuth: app.alipayAuth,
      close: () => app.close(),
    }
  },
  async startApps(apps) {
    const app = Fastify()
    try {
      for (const { name, options } of apps) {
        await app.register(alipayAuth, {
          cookieSecret: testCookieSecret,
          ...options,
          decorator: name,
        })
      }
      await app.listen({ host: '127.0.0.1', port: 0 })
    } catch (error) {
      await app.close()
      throw error
    }
    const { port } = app.server.address() as AddressInfo
    const decorated = app as unknown as Record<string, AppAuth>
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      appAuths: apps.map(({ name }) => decorated[name] as AppAuth),
      close: () => app.close(),
    }
  },
  async readError(response) {
    const body = (await response.json()) as { code: string; message: string }
    return { code: body.code, message: body.message }
  },
}
