import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { RedisStore } from '../../packages/core/src/redis.js'
import { MemoryStore } from '../../packages/core/src/stores/memory-store.js'
import type { MerchantToken, StateStore, TokenStore } from '../../packages/core/src/stores/types.js'
import { offlineAppAuth } from './offline-app-auth.js'
import type { BenchResult } from './types.js'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const CASE_MS = 2000
const CONCURRENCY = 64
const WARM_MERCHANTS = 1000
const SWEEP_MERCHANTS = 100_000
const DUE = SWEEP_MERCHANTS / 100
const LOAD_BATCH = 2000
const DAY = 24 * 60 * 60_000

/** The few ioredis calls the bench makes itself; ioredis is core's (optional) dependency. */
interface RedisClient {
  info(section: string): Promise<string>
  hscan(key: string, cursor: string, ...args: Array<string | number>): Promise<[string, string[]]>
  keys(pattern: string): Promise<string[]>
  unlink(...keys: string[]): Promise<number>
  quit(): Promise<unknown>
}
const requireFromCore = createRequire(new URL('../../packages/core/package.json', import.meta.url))
const { Redis } = requireFromCore('ioredis') as { Redis: new (url: string) => RedisClient }

/**
 * RedisStore: `getToken` on warm tokens against the same through a MemoryStore; and a refresh
 * sweep over 100,000 merchants of which 1% are due, through the expiry index, against reading
 * every record (HSCAN) to find them. Redis commands counted from `INFO commandstats`.
 */
export async function run(): Promise<BenchResult[]> {
  const prefix = `alipay-isv-bench:${randomUUID()}:`
  const admin = new Redis(REDIS_URL)
  const store = new RedisStore({ url: REDIS_URL, keyPrefix: prefix })
  try {
    return [...(await warmGetToken(store)), ...(await sweep(store, admin, prefix))]
  } finally {
    await store.close()
    const keys = await admin.keys(`${prefix}*`)
    if (keys.length > 0) await admin.unlink(...keys)
    await admin.quit()
  }
}

async function warmGetToken(redisStore: RedisStore): Promise<BenchResult[]> {
  const now = Date.now()
  const ids = Array.from({ length: WARM_MERCHANTS }, (_, i) => merchantId(i))
  const measure = async (store: TokenStore & StateStore) => {
    await load(store, ids.length, (i) => token(i, now + 365 * DAY))
    const auth = offlineAppAuth(store)
    return opsPerSecond((i) => auth.getToken(ids[i % ids.length]!))
  }
  const baseline = await measure(new MemoryStore())
  const value = await measure(redisStore)
  return [
    row('getToken, warm tokens, RedisStore', value, 'ops/s', 'same through MemoryStore', baseline),
  ]
}

async function sweep(store: RedisStore, admin: RedisClient, prefix: string) {
  const now = Date.now()
  // Every 100th merchant expires within the day; the rest in a year.
  await load(store, SWEEP_MERCHANTS, (i) => token(i, now + (i % 100 === 0 ? DAY : 365 * DAY)))
  const indexed = await measured(admin, () => store.listExpiringBefore(now + 7 * DAY, DUE))
  const scanned = await measured(admin, () => scanAll(admin, `${prefix}tokens`, now + 7 * DAY))
  if (indexed.found !== DUE || scanned.found !== DUE) {
    throw new Error(`expected ${DUE} due merchants, found ${indexed.found} and ${scanned.found}`)
  }
  const baseline = 'HSCAN of every record, filtered in JS'
  const sweepCase = `refresh sweep, ${SWEEP_MERCHANTS} merchants, 1% due`
  return [
    row(`${sweepCase}: time`, indexed.ms, 'ms', baseline, scanned.ms),
    row(`${sweepCase}: Redis commands`, indexed.commands, 'commands', baseline, scanned.commands),
  ]
}

/** Due records found by reading every record, as a store without an index would have to. */
async function scanAll(admin: RedisClient, hash: string, time: number): Promise<MerchantToken[]> {
  const due: MerchantToken[] = []
  let cursor = '0'
  do {
    const [next, entries] = await admin.hscan(hash, cursor, 'COUNT', 1000)
    for (let i = 1; i < entries.length; i += 2) {
      const record = JSON.parse(entries[i]!) as MerchantToken
      if (record.status === 'active' && record.expiresAt <= time) due.push(record)
    }
    cursor = next
  } while (cursor !== '0')
  return due
}

async function measured(admin: RedisClient, work: () => Promise<MerchantToken[]>) {
  const before = await commandCount(admin)
  const start = performance.now()
  const found = (await work()).length
  const ms = Math.round((performance.now() - start) * 100) / 100
  // Minus the INFO that read the count after the work.
  return { found, ms, commands: (await commandCount(admin)) - before - 1 }
}

/** Commands the server has run so far (other clients of the same Redis would be counted too). */
async function commandCount(admin: RedisClient): Promise<number> {
  const stats = await admin.info('commandstats')
  return [...stats.matchAll(/:calls=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0)
}

/** Writes `count` records, `LOAD_BATCH` at a time in flight: ioredis pipelines them. */
async function load(store: TokenStore, count: number, make: (i: number) => MerchantToken) {
  for (let start = 0; start < count; start += LOAD_BATCH) {
    const batch = Array.from({ length: Math.min(LOAD_BATCH, count - start) }, (_, i) => start + i)
    await Promise.all(batch.map((i) => store.set(make(i))))
  }
}

async function opsPerSecond(call: (i: number) => Promise<unknown>): Promise<number> {
  let calls = 0
  const start = performance.now()
  const worker = async () => {
    while (performance.now() - start < CASE_MS) await call(calls++)
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return calls / ((performance.now() - start) / 1000)
}

const merchantId = (i: number) => String(2021000000000000 + i)

function token(i: number, expiresAt: number): MerchantToken {
  const authAppId = merchantId(i)
  return {
    authAppId,
    userId: '2088000000000001',
    appAuthToken: `202601BB${authAppId}0123456789abcdef01234567`,
    appRefreshToken: `202601BB${authAppId}fedcba9876543210fedcba98`,
    expiresAt,
    refreshExpiresAt: expiresAt + 7 * DAY,
    authorizedAt: 1_770_000_000_000,
    updatedAt: 1_770_000_000_000,
    status: 'active',
    via: 'browser',
  }
}

function row(name: string, value: number, unit: string, baseline: string, baselineValue: number) {
  return {
    bench: 'redis',
    case: name,
    value: Math.round(value * 100) / 100,
    unit,
    baseline,
    baseline_value: Math.round(baselineValue * 100) / 100,
    ratio: Math.round((value / baselineValue) * 1000) / 1000,
  } satisfies BenchResult
}
