import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A stand-in for Alipay's servers on 127.0.0.1, for alipay-sdk: it sends through urllib
 * (undici's own dispatcher), which msw cannot intercept.
 */
export interface CapturedRequest {
  method: string
  /** Path with query, as sent. */
  url: string
  headers: IncomingHttpHeaders
  body: string
}

export interface GatewayReply {
  status?: number
  headers?: Record<string, string>
  body: string
}

export type GatewayHandler = (request: CapturedRequest) => GatewayReply

export interface LocalGateway {
  origin: string
  /** Sets how the next requests are answered. */
  answer(handler: GatewayHandler): void
  close(): Promise<void>
}

export async function startLocalGateway(): Promise<LocalGateway> {
  let handler: GatewayHandler = () => ({ status: 500, body: 'no handler set' })
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const reply = handler({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
      })
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers })
      res.end(reply.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    answer(next) {
      handler = next
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
