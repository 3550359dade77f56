import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'

/**
 * A Lua script run by its SHA-1 (EVALSHA), sent in full (EVAL) only when the server does not
 * know it yet, e.g. after a restart. Defined here rather than with `defineCommand`, which would
 * add methods to a client the user owns.
 */
export class LuaScript {
  private readonly sha: string

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex')
  }

  async run(client: Redis, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args)
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error
      return client.eval(this.source, keys.length, ...keys, ...args)
    }
  }
}
