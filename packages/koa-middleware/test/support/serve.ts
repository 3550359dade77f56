import type { AddressInfo } from 'node:net'
import type Koa from 'koa'

export interface ServedApp {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string
  close(): Promise<void>
}

/** Listen on 127.0.0.1 and a free port; resolves once the app serves. */
export function serve(app: Koa): Promise<ServedApp> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        baseUrl: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections()
            server.close((error) => (error ? fail(error) : done()))
          }),
      })
    })
    server.once('error', reject)
  })
}
