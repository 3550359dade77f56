import { Redis, type RedisOptions } from 'ioredis'
import { type AlipayError, AlipayStoreUnavailableError } from '../errors.js'

/** Default bound on every command: Redis answers in milliseconds, or it is not reachable. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 3000

/**
 * The client RedisStore talks through, and how it fails. A client it creates gives up on a
 * command after `commandTimeoutMs`, queues nothing while disconnected (a command the caller gave
 * up on must not run later), reconnects by itself, and has an error listener so an outage is
 * not printed as an unhandled error; every failure becomes an error saying what to check.
 */
export class RedisConnection {
  readonly client: Redis
  /** Whether the client was created here from the URL (the store then closes it), not passed in. */
  readonly owned: boolean
  private lastError: Error | undefined
  /** Shared by the commands waiting for (re)connection, so they add one listener in all. */
  private connected: Promise<void> | undefined

  constructor(
    client: Redis | undefined,
    url: string | undefined,
    readonly commandTimeoutMs: number,
  ) {
    this.client = client ?? new Redis(url as string, ownClientOptions(commandTimeoutMs))
    this.owned = client === undefined
    if (this.owned) {
      this.client.on('error', (error: Error) => {
        this.lastError = error
      })
      this.client.on('ready', () => {
        this.lastError = undefined
      })
    }
  }

  /** Runs `command`, bounded by `commandTimeoutMs` also on a client passed in. */
  async run<T>(command: (client: Redis) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CommandTimeout()), this.commandTimeoutMs)
    })
    try {
      return await Promise.race([this.whenConnected().then(() => command(this.client)), timeout])
    } catch (error) {
      throw this.explain(error)
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * A client this store created queues nothing while disconnected, so its commands wait for the
   * connection here instead, within their time bound: right after start, or while reconnecting.
   * A connection refused (or failing) ends the wait at once: there is nothing to wait for, and
   * a caller answering a visitor should not hang for the whole time bound.
   */
  private whenConnected(): Promise<void> {
    const status = this.client.status
    if (!this.owned || status === 'ready' || status === 'end' || status === 'close') {
      return Promise.resolve()
    }
    if (this.lastError !== undefined) return Promise.reject(this.lastError)
    this.connected ??= new Promise((resolve, reject) => {
      const settle = (error?: Error) => {
        this.client.off('ready', settle)
        this.client.off('error', settle)
        this.connected = undefined
        if (error === undefined) resolve()
        else reject(error)
      }
      this.client.once('ready', settle)
      this.client.once('error', settle)
    })
    return this.connected
  }

  private explain(error: unknown): AlipayError {
    const where = describeServer(this.client)
    const connected = this.client.status === 'ready' && !isConnectionLoss(error)
    if (error instanceof CommandTimeout || !connected) {
      const cause = connected ? error : (this.lastError ?? error)
      const within = error instanceof CommandTimeout ? ` within ${this.commandTimeoutMs} ms` : ''
      const why =
        cause instanceof CommandTimeout
          ? `no answer${within}`
          : `not connected${within}: ${(cause as Error).message}`
      return new AlipayStoreUnavailableError(
        `RedisStore: Redis at ${where} is unreachable (${why}). Check that it runs and that this host can reach it; the store reconnects by itself. The command may or may not have been applied.`,
        { cause },
      )
    }
    // Refused by a Redis that answers (a read-only replica after a failover, out of memory, an
    // ACL without the command): the store cannot serve the request either.
    return new AlipayStoreUnavailableError(
      `RedisStore: the Redis command failed (${(error as Error).message}). Check that Redis at ${where} is version 6.2 or later, writable, and lets this user run it; the change may or may not have been applied.`,
      { cause: error },
    )
  }
}

class CommandTimeout extends Error {}

/**
 * Errors by which ioredis refuses a command because the connection is gone, though its status may
 * still say `ready` (the socket closed and its close is not handled yet): a command sent then, with
 * no offline queue, is refused at once; one in flight is dropped when the close is handled.
 */
const CONNECTION_LOSS = /^(Stream isn't writeable|Connection is closed)/

function isConnectionLoss(error: unknown): boolean {
  return error instanceof Error && CONNECTION_LOSS.test(error.message)
}

function ownClientOptions(commandTimeoutMs: number): RedisOptions {
  return {
    commandTimeout: commandTimeoutMs,
    enableOfflineQueue: false,
    connectTimeout: Math.max(commandTimeoutMs, 1000),
    maxRetriesPerRequest: 0,
  }
}

function describeServer(client: Redis): string {
  const { host, port, path } = client.options
  return path ?? `${host}:${port}`
}
