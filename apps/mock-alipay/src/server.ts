import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { type AdminAccessOptions, adminRefusal } from './admin-guard.js'
import { isConnectionReset } from './engine/connection-reset.js'
import { isAdminPath, safePath } from './engine/http.js'
import { sendWebResponse, toWebRequest } from './fastify-web-bridge.js'
import type { RequestHandler } from './request-handler.js'
import { parseHost, pathAndQuery } from './request-host.js'
import { type TransportError, transportErrorResponse } from './transport-error.js'

export interface MockAlipayServerOptions extends AdminAccessOptions {
  /** Largest request body accepted, in bytes; larger ones get Alipay's error shape. Default 1 MiB. */
  bodyLimit?: number
}

const DEFAULT_BODY_LIMIT = 1024 * 1024

/**
 * The HTTP server: a Fastify app that hands every request, on every path and method, to the engine
 * unchanged and writes the engine's response back. Call `listen()` on the result.
 */
export function createMockAlipayServer(
  engine: RequestHandler,
  options: MockAlipayServerOptions = {},
): FastifyInstance {
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    logger: false,
    // A URL the router cannot decode (e.g. `/%zz`) also gets an Alipay-shaped answer.
    frameworkErrors: (error, request, reply) => sendTransportError(request, reply, error),
  })
  // Keep every body as raw bytes: the engine parses forms and JSON itself, exactly as sent.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))

  app.setErrorHandler((error, request, reply) =>
    sendTransportError(request, reply, error instanceof Error ? error : new Error(String(error))),
  )

  app.all('/*', async (request, reply) => {
    const hostHeader = request.headers.host
    const host = hostHeader === undefined ? undefined : parseHost(hostHeader)
    if (hostHeader !== undefined && !host)
      return sendTransportError(request, reply, {
        statusCode: 400,
        httpStatus: 400,
        message: `the Host header ${JSON.stringify(hostHeader.slice(0, 100))} is not a host name or address with an optional port`,
      })
    const socket = request.raw.socket
    const origin = `http://${host?.host ?? hostOf(socket.localAddress, socket.localPort)}`
    const webRequest = toWebRequest(request, origin, pathAndQuery(request.raw.url ?? '/'))
    // The same path the engine routes on, so no spelling of a path slips past the guard.
    if (isAdminPath(safePath(webRequest.url))) {
      const refusal = adminRefusal(options, {
        host,
        localAddress: socket.localAddress,
        authorization: request.headers.authorization,
      })
      if (refusal) return sendWebResponse(reply, refusal)
    }
    const response = await engine.handle(webRequest)
    if (isConnectionReset(response)) {
      // A 'reset' fault: the client must see a dropped connection, not an HTTP answer.
      reply.hijack()
      request.raw.socket.destroy()
      return
    }
    await sendWebResponse(reply, response)
  })
  return app
}

function hostOf(address: string | undefined, port: number | undefined): string {
  const name = address ?? '127.0.0.1'
  return `${name.includes(':') ? `[${name}]` : name}:${port ?? 80}`
}

function sendTransportError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: TransportError,
): FastifyReply {
  const answer = transportErrorResponse(safePath(`http://h${pathAndQuery(request.url)}`), error)
  return reply.code(answer.status).type(answer.contentType).send(answer.body)
}
