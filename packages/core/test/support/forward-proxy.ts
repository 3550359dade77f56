import { createServer, request as forward } from 'node:http'
import { connect, type Socket } from 'node:net'

export interface ProxyHit {
  /** `CONNECT` (a tunnel) or the HTTP method of a forwarded request. */
  method: string
  /** `host:port` of a tunnel, or the absolute URI of a forwarded request. */
  target: string
}

/**
 * A tiny HTTP proxy on 127.0.0.1: CONNECT tunnels and absolute-URI forwarding, recording every
 * request and counting the connections made to it.
 */
export async function startForwardProxy() {
  const hits: ProxyHit[] = []
  const sockets = new Set<Socket>()
  let connections = 0
  const server = createServer((request, response) => {
    hits.push({ method: request.method ?? '', target: request.url ?? '' })
    const url = new URL(request.url ?? '')
    const upstream = forward(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: request.method,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      },
    )
    upstream.on('error', () => response.writeHead(502).end())
    request.pipe(upstream)
  })
  server.on('connection', (socket: Socket) => {
    connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('connect', (request, client: Socket, head: Buffer) => {
    hits.push({ method: 'CONNECT', target: request.url ?? '' })
    const [host, port] = (request.url ?? '').split(':')
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
