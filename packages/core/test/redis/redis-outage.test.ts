import { randomUUID } from 'node:crypto'
import { createServer, type Server, type Socket } from 'node:net'
import { Redis } from 'ioredis'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AlipayStoreUnavailableError } from '../../src/errors.js'
import { RedisStore } from '../../src/redis.js'
import { REDIS_URL } from './redis-test-keys.js'

/** A TCP server that accepts connections and never answers, as a hung Redis would. */
async function silentServer(): Promise<{ port: number; server: Server }> {
  const sockets: Socket[] = []
  const server = createServer((socket) => sockets.push(socket))
  server.on('close', () => {
    for (const socket of sockets) socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as { port: number }).port, server }
}

/** What ioredis holds back: commands waiting to be sent, and sent ones waiting for a reply. */
interface QueueingClient {
  offlineQueue: { toArray(): Array<{ command: { name: string } }> }
  commandQueue: { toArray(): Array<{ command: { name: string } }> }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const { port, server } = await silentServer()
  await new Promise((resolve) => server.close(resolve))
  return port
}

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

describe('RedisStore while Redis is away', () => {
  it('answers with a typed error as soon as the connection is refused, not after commandTimeoutMs, and prints no unhandled error', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
    cleanups.push(() => printed.mockRestore())
    const url = `redis://127.0.0.1:${await closedPort()}`
    // Far longer than this test may take: only a refusal answered at once passes.
    const store = new RedisStore({ url, commandTimeoutMs: 600_000 })
    cleanups.push(() => store.close())
    for (const attempt of [1, 2]) {
      const failure = await store.get('2021000000000001').catch((error: unknown) => error)
      expect(failure, `attempt ${attempt}`).toBeInstanceOf(AlipayStoreUnavailableError)
      expect(String(failure)).toMatch(
        /Redis at 127\.0\.0\.1:\d+ is unreachable \(not connected: .*ECONNREFUSED/,
      )
    }
    expect(printed).not.toHaveBeenCalled()
  })

  it('bounds every command of a client passed in, which would otherwise wait forever', async () => {
    const { port, server } = await silentServer()
    const client = new Redis({ port, host: '127.0.0.1', enableReadyCheck: false })
    cleanups.push(
      () => client.disconnect(),
      () => server.close(),
    )
    const store = new RedisStore({ client, commandTimeoutMs: 200 })
    const failure = await store.set(merchant()).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AlipayStoreUnavailableError)
    expect(String(failure)).toMatch(/no answer within 200 ms/)
  })

  it('gives up on a command to a hung Redis after commandTimeoutMs, leaving nothing queued', async () => {
    const { port, server } = await silentServer()
    cleanups.push(() => server.close())
    const store = new RedisStore({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 200 })
    cleanups.push(() => store.close())
    const failure = await store.list().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AlipayStoreUnavailableError)
    // None of the store's commands waits to be sent once Redis answers: a late write would land
    // out of order. Only ioredis's own handshake (CLIENT SETINFO) still waits for the hung server.
    const { client } = (store as unknown as { connection: { client: QueueingClient } }).connection
    const queued = [...client.offlineQueue.toArray(), ...client.commandQueue.toArray()]
    expect(queued.map((item) => item.command.name).filter((name) => name !== 'client')).toEqual([])
  })

  it('calls a command sent the moment Redis went away unreachable, before the client sees the close', async () => {
    const store = new RedisStore({ url: REDIS_URL, keyPrefix: `outage:${randomUUID()}:` })
    cleanups.push(() => store.close())
    await store.set(merchant())
    // A killed Redis: the socket no longer writes, and ioredis has not yet handled its close (its
    // status still says ready), so it refuses the command at once instead of queueing it.
    const client = (store as unknown as { connection: { client: { stream: object } } }).connection
      .client
    Object.defineProperty(client.stream, 'writable', { value: false, configurable: true })
    const failure = await store.get('2021000000000001').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AlipayStoreUnavailableError)
    expect(String(failure)).toMatch(/is unreachable \(not connected: Stream isn't writeable/)
  })

  it('refuses a commandTimeoutMs that is not a positive number', () => {
    expect(() => new RedisStore({ url: 'redis://127.0.0.1', commandTimeoutMs: 0 })).toThrow(
      /positive number of milliseconds/,
    )
  })
})

describe('RedisStore refused by a Redis that answers', () => {
  it('calls a command Redis refuses (here an ACL without it) unavailable, saying what to check', async () => {
    const user = `alipay-isv-test-${randomUUID()}`
    const admin = new Redis(REDIS_URL)
    // May connect and say hello, nothing else: as a user whose grants were taken away.
    await admin.call('ACL', 'SETUSER', user, 'on', 'nopass', '-@all', '+@connection', '+info')
    cleanups.push(async () => {
      await admin.call('ACL', 'DELUSER', user)
      admin.disconnect()
    })
    const url = new URL(REDIS_URL)
    url.username = user
    url.password = 'unused'
    const store = new RedisStore({ url: url.toString(), keyPrefix: `refused:${randomUUID()}:` })
    cleanups.push(() => store.close())
    const failure = await store.get('2021000000000001').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AlipayStoreUnavailableError)
    expect(String(failure)).toMatch(/the Redis command failed \(NOPERM.*\)\. Check that Redis at/)
  })
})

function merchant() {
  return {
    authAppId: '2021000000000001',
    userId: '2088000000000001',
    appAuthToken: 'a',
    appRefreshToken: 'r',
    expiresAt: 1,
    refreshExpiresAt: 1,
    authorizedAt: 1,
    updatedAt: 1,
    status: 'active' as const,
    via: 'browser' as const,
  }
}
