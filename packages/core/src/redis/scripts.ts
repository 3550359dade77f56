import { LuaScript } from './lua-script.js'

/*
 * Every script that changes a token record keeps four structures in step, atomically:
 * KEYS[1] the records (hash: authAppId → JSON), KEYS[2] the refresh index (sorted set of the
 * active records by expiresAt, so a sweep never scans every key), KEYS[3] the fencing
 * counters (hash: authAppId → the latest fencing token issued), KEYS[4] the ids in order
 * (sorted set, all scores 0, for paging).
 * ARGV: authAppId, JSON, expiresAt, '1' when active else '0' [, fencing token].
 */
const WRITE_RECORD = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[4], 0, ARGV[1])
if ARGV[4] == '1' then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
else
  redis.call('ZREM', KEYS[2], ARGV[1])
end`

/** A plain write supersedes every lease issued before it (see RefreshCoordinator.setIfFenced). */
export const setRecord = new LuaScript(`${WRITE_RECORD}
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
return 1`)

export const setRecordIfFenced = new LuaScript(`
if redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[5] then return 0 end
${WRITE_RECORD}
return 1`)

export const deleteRecord = new LuaScript(`
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
return 1`)

/**
 * Takes KEYS[1] unless it is held until after ARGV[1] (now). The value is
 * `<held until>:<fencing token>`; with ARGV[4] (a merchant) the token is the next of its
 * counter in KEYS[2], else 0. Expiry follows the store's clock, so every instance and the
 * tests agree on it; PX only lets Redis drop the key once it is of no use.
 * ARGV: now, held until, ttl ms, merchant or ''. Returns the value, or nil when held.
 */
export const hold = new LuaScript(`
local held = redis.call('GET', KEYS[1])
if held and tonumber(string.match(held, '^%d+')) > tonumber(ARGV[1]) then return false end
local fence = 0
if ARGV[4] ~= '' then fence = redis.call('HINCRBY', KEYS[2], ARGV[4], 1) end
local value = ARGV[2] .. ':' .. fence
redis.call('SET', KEYS[1], value, 'PX', ARGV[3])
return value`)

/** Deletes KEYS[1] only while it still holds ARGV[1]: a holder never frees its successor's lease. */
export const releaseHold = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`)
