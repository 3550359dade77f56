import { createServer } from 'node:net'

/** `preferred` when it is free on `host`, else any free port: the demo runs next to other servers. */
export async function portFor(host: string, preferred: number): Promise<number> {
  return (await tryListen(host, preferred)) ?? ((await tryListen(host, 0)) as number)
}

/**
 * A port that was free a moment ago, for a process that must know its own URL before it
 * listens (its redirect_uri is registered with the emulator first).
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return portFor(host, 0)
}

function tryListen(host: string, port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(undefined))
    server.listen(port, host, () => {
      const bound = (server.address() as { port: number }).port
      server.close(() => resolve(bound))
    })
  })
}
