import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { isConnectionReset } from './engine/connection-reset.js'
import { sendWebResponse, toWebRequest } from './fastify-web-bridge.js'
import type { RequestHandler } from './request-handler.js'
import { type TransportError, transportErrorResponse } from './transport-error.js'

export interface MockAlipayServerOptions {
  /** Largest request body accepted, in bytes; larger ones get Alipay's error shape. Default 1 MiB. */
  bodyLimit?: number
}

const DEFAULT_BODY_LIMIT = 1024 * 1024

/**
 * Door 1: a Fastify app that hands every request, on every path and method, to the engine
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
    const response = await engine.handle(toWebRequest(request))
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

function sendTransportError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: TransportError,
): FastifyReply {
  const answer = transportErrorResponse(request.url.split('?')[0] ?? '/', error)
  return reply.code(answer.status).type(answer.contentType).send(answer.body)
}
