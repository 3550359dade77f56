import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { QUERY_METHOD, v2Reply } from '../mocks.js'

/** What `queryToken` reads (docs/protocol.md §3 query), signed with the mocks' Alipay key. */
export const QUERY_ANSWER = {
  fields: {
    user_id: '2088000000000001',
    auth_app_id: '2021000000000001',
    expires_in: '31536000',
    auth_methods: [],
    status: 'valid',
  },
}

/**
 * A v2 gateway on 127.0.0.1 that answers every call as a successful token query: enough to
 * see a client's calls arrive over a real network path (proxies, keep-alive). With `tls`, HTTPS.
 */
export async function startLoopbackGateway(tls?: { cert: string; key: string }) {
  let requests = 0
  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    requests++
    for await (const _chunk of request) {
      // The body is not needed: the client's signing is tested elsewhere.
    }
    const reply = v2Reply(QUERY_METHOD, QUERY_ANSWER, 'valid')
    response.writeHead(200, { 'content-type': 'application/json;charset=utf-8' })
    response.end(await reply.text())
  }
  const server = tls ? createHttpsServer(tls, answer) : createHttpServer(answer)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    gateway: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/gateway.do`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
