import { randomBytes, randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { AppAuth } from '../../packages/core/src/auth/app-auth.js'
import { RedisStore } from '../../packages/core/src/redis.js'
import { FileStore } from '../../packages/core/src/stores/file-store.js'
import type { StateStore, TokenStore } from '../../packages/core/src/stores/types.js'
import { inTemporaryDirectory, ratioResult, sampleToken } from './bench-helpers.js'
import { concurrentSlice, interleavedRates } from './interleaved.js'
import { offlineAppAuth } from './offline-app-auth.js'
import type { BenchResult } from './types.js'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const MERCHANTS = 1000
const CONCURRENCY = 16
/** Many short slices: on a machine busy with other work, both sides meet the same moments. */
const SLICES = { slices: 120, sliceMs: 50 }
const YEAR = 365 * 24 * 60 * 60_000
const tokenKeys = [{ id: 'bench', key: randomBytes(32) }]

type Store = TokenStore & StateStore & { close(): Promise<void> }

/** The two ioredis calls the bench makes itself, to remove its keys; ioredis is core's dependency. */
interface RedisClient {
  keys(pattern: string): Promise<string[]>
  unlink(...keys: string[]): Promise<number>
  quit(): Promise<unknown>
}
const requireFromCore = createRequire(new URL('../../packages/core/package.json', import.meta.url))
const { Redis } = requireFromCore('ioredis') as { Redis: new (url: string) => RedisClient }

/**
 * `getToken` on warm tokens with `tokenKeys` against the same without, over the same kind of
 * store, measured in alternating slices of one run: what encryption at rest costs a request.
 */
export function run(): Promise<BenchResult[]> {
  return inTemporaryDirectory(async (root) => {
    const prefix = `alipay-isv-bench:${randomUUID()}:`
    const kinds: Array<[name: string, open: (which: string) => Promise<Store>]> = [
      ['FileStore', (which) => FileStore.open({ dir: join(root, which) })],
      [
        'RedisStore',
        async (which) => new RedisStore({ url: REDIS_URL, keyPrefix: `${prefix}${which}:` }),
      ],
    ]
    const results: BenchResult[] = []
    for (const [name, open] of kinds) {
      const [plain, encrypted] = [await open('plain'), await open('encrypted')]
      try {
        const without = await warmApp(plain, {})
        const withKeys = await warmApp(encrypted, { tokenKeys })
        const rates = await interleavedRates([getTokens(without), getTokens(withKeys)], SLICES)
        results.push(
          ratioResult(
            {
              bench: 'token-keys',
              case: `getToken, warm tokens, ${name}, with tokenKeys`,
              unit: 'ops/s',
              baseline: `same ${name} without tokenKeys`,
            },
            rates,
          ),
        )
      } finally {
        await Promise.all([plain.close(), encrypted.close()])
      }
    }
    await removeKeys(`${prefix}*`)
    return results
  })
}

/** An app over `store` holding MERCHANTS warm tokens, encrypted when it has keys. */
async function warmApp(store: Store, options: { tokenKeys?: typeof tokenKeys }): Promise<AppAuth> {
  const expiresAt = Date.now() + YEAR
  await Promise.all(
    Array.from({ length: MERCHANTS }, (_, i) =>
      store.set({ ...sampleToken(i, MERCHANTS), expiresAt }),
    ),
  )
  const auth = offlineAppAuth(store, options)
  if (options.tokenKeys) {
    const report = await auth.reencryptTokens()
    if (report.reencrypted !== MERCHANTS) throw new Error(`encrypted ${report.reencrypted} records`)
  }
  return auth
}

function getTokens(auth: AppAuth) {
  return concurrentSlice(CONCURRENCY, (i) => auth.getToken(sampleToken(i, MERCHANTS).authAppId))
}

async function removeKeys(pattern: string): Promise<void> {
  const admin = new Redis(REDIS_URL)
  try {
    const keys = await admin.keys(pattern)
    if (keys.length > 0) await admin.unlink(...keys)
  } finally {
    await admin.quit()
  }
}
