import { connect, createServer, type Server, type Socket } from 'node:net'

/**
 * A TCP proxy on 127.0.0.1 in front of a database server, standing for the network and the server
 * between an app and its data: `stop()` is the server going down (every connection cut, new ones
 * refused), `start()` it coming back on the same port; `hang()` a server that accepts and never
 * answers. Lets a test take "the database" away without touching the shared server.
 */
export class TcpProxy {
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  private hung = false

  private constructor(
    private readonly targetPort: number,
    public port: number,
  ) {}

  static async start(targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetPort, 0)
    await proxy.start()
    return proxy
  }

  /** Listens (again) on its port and forwards every new connection. */
  async start(): Promise<void> {
    this.hung = false
    const server = createServer((client) => this.accept(client))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', resolve)
    })
    this.port = (server.address() as { port: number }).port
    this.server = server
  }

  /** Cuts every connection and stops listening: connecting is refused until `start()`. */
  async stop(): Promise<void> {
    const server = this.server
    this.server = undefined
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
    if (server) await new Promise((resolve) => server.close(resolve))
  }

  /** From now on accepts connections and forwards nothing either way, as a hung server. */
  hang(): void {
    this.hung = true
    for (const socket of this.sockets) socket.pause()
  }

  /** `url` with its port replaced by the proxy's. */
  urlFor(url: string): string {
    const parsed = new URL(url)
    parsed.host = `127.0.0.1:${this.port}`
    return parsed.toString()
  }

  private accept(client: Socket): void {
    this.sockets.add(client)
    client.on('close', () => this.sockets.delete(client))
    client.on('error', () => client.destroy())
    if (this.hung) {
      client.pause()
      return
    }
    const upstream = connect(this.targetPort, '127.0.0.1')
    this.sockets.add(upstream)
    upstream.on('close', () => {
      this.sockets.delete(upstream)
      client.destroy()
    })
    upstream.on('error', () => upstream.destroy())
    client.on('close', () => upstream.destroy())
    client.pipe(upstream)
    upstream.pipe(client)
  }
}
