/**
 * `@alipay-isv/core/redis`: the Redis store, in its own entry so that `ioredis` is needed only
 * by apps that use it (an optional peer dependency).
 */
export { RedisStore, type RedisStoreOptions } from './redis/redis-store.js'
