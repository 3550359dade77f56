import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll } from 'vitest'

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/**
 * A key prefix of its own for the calling test file, so parallel runs never meet, and every key
 * under it deleted once the file is done.
 */
export function useRedisTestPrefix(): { prefix: () => string } {
  const runPrefix = `alipay-isv-test:${randomUUID()}:`
  let stores = 0
  afterAll(async () => {
    const admin = new Redis(REDIS_URL)
    try {
      await deleteKeys(admin, `${runPrefix}*`)
    } finally {
      admin.disconnect()
    }
  })
  return { prefix: () => `${runPrefix}${++stores}:` }
}

export async function deleteKeys(client: Redis, pattern: string): Promise<number> {
  let deleted = 0
  for await (const keys of client.scanStream({ match: pattern, count: 1000 })) {
    if ((keys as string[]).length > 0) deleted += await client.unlink(...(keys as string[]))
  }
  return deleted
}

/** Every key under `keyPrefix` with its value, whatever its type, as JSON: what a dump would show. */
export async function redisContents(keyPrefix: string): Promise<string> {
  const client = new Redis(REDIS_URL)
  try {
    const contents: Record<string, unknown> = {}
    for await (const keys of client.scanStream({ match: `${keyPrefix}*`, count: 1000 })) {
      for (const key of keys as string[]) contents[key] = await storedValue(client, key)
    }
    return JSON.stringify(contents)
  } finally {
    client.disconnect()
  }
}

async function storedValue(client: Redis, key: string): Promise<unknown> {
  switch (await client.type(key)) {
    case 'hash':
      return client.hgetall(key)
    case 'zset':
      return client.zrange(key, 0, -1, 'WITHSCORES')
    case 'set':
      return client.smembers(key)
    case 'list':
      return client.lrange(key, 0, -1)
    default:
      return client.get(key)
  }
}
