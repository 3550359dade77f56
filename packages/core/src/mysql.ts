/**
 * `@alipay-isv/core/mysql`: the MySQL / MariaDB store, in its own entry so that `mysql2` is needed
 * only by apps that use it (an optional peer dependency).
 */
export { MySqlStore, type MySqlStoreOptions } from './mysql/mysql-store.js'
