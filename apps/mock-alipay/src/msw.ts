import { type HttpHandler, HttpResponse, http } from 'msw'
import { isConnectionReset } from './engine/connection-reset.js'
import type { RequestHandler } from './request-handler.js'

export type { RequestHandler } from './request-handler.js'

/** Alipay's production hosts and every sandbox host in use (docs/protocol.md §2, §3). */
export const ALIPAY_HOSTS: readonly string[] = [
  'openapi.alipay.com',
  'openauth.alipay.com',
  'openapi-sandbox.dl.alipaydev.com',
  'openauth-sandbox.dl.alipaydev.com',
  'openapi.alipaydev.com',
  'openauth.alipaydev.com',
]

export interface MockAlipayHandlersOptions {
  /**
   * More hosts to answer for, e.g. `'alipay.test'` or `'localhost:9300'` (matched over http and
   * https), or an origin such as `'http://mock.test:8080'` (matched as given).
   */
  hosts?: string[]
}

/**
 * msw handlers that answer Alipay's hosts from the engine, in process, with no port.
 * A `reset` fault becomes a network error, as a dropped connection does for `fetch`.
 *
 * @example
 * const engine = new MockAlipayEngine()
 * const server = setupServer(...createMockAlipayHandlers(engine))
 */
export function createMockAlipayHandlers(
  engine: RequestHandler,
  options: MockAlipayHandlersOptions = {},
): HttpHandler[] {
  const origins = [...ALIPAY_HOSTS, ...(options.hosts ?? [])].flatMap(originsOf)
  return origins.map((origin) =>
    http.all(`${origin}/*`, async ({ request }) => {
      const response = await engine.handle(request)
      return isConnectionReset(response) ? HttpResponse.error() : response
    }),
  )
}

function originsOf(host: string): string[] {
  const trimmed = host.replace(/\/+$/, '')
  return trimmed.includes('://') ? [trimmed] : [`https://${trimmed}`, `http://${trimmed}`]
}
