/**
 * `@alipay-isv/core/postgres`: the PostgreSQL store, in its own entry so that `pg` is needed only
 * by apps that use it (an optional peer dependency).
 */
export { PostgresStore, type PostgresStoreOptions } from './postgres/postgres-store.js'
