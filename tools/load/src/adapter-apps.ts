import { createServer } from 'node:http'
import { type AppAuthOptions, MemoryStore } from '@alipay-isv/core'
import alipayAuthPlugin from '@alipay-isv/fastify'
import { alipayAuth } from '@alipay-isv/koa'
import Fastify from 'fastify'
import Koa from 'koa'

export type AdapterName = 'fastify' | 'koa'

export interface LoadApp {
  close(): Promise<void>
}

/** Where the callback sends the browser: a 302 ends each flow without rendering a page. */
export const DONE_PATH = '/done'
const COOKIE_SECRET = 'load-test-cookie-secret-of-32-characters'

/**
 * A bare app with just the adapter, listening on `port` (its redirect_uri names it), storing in
 * memory so the figures measure the flow rather than a disk.
 */
export async function startLoadApp(
  adapter: AdapterName,
  port: number,
  options: Omit<AppAuthOptions, 'store'>,
): Promise<LoadApp> {
  const store = new MemoryStore()
  if (adapter === 'fastify') {
    const app = Fastify()
    await app.register(alipayAuthPlugin, {
      ...options,
      store,
      cookieSecret: COOKIE_SECRET,
      successRedirect: DONE_PATH,
    })
    await app.listen({ host: '127.0.0.1', port })
    return { close: () => app.close() }
  }
  const app = new Koa()
  app.keys = [COOKIE_SECRET]
  app.use(alipayAuth({ ...options, store, successRedirect: DONE_PATH, logger: silent }))
  const server = createServer(app.callback())
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

const silent = { info: () => {}, warn: () => {} }
