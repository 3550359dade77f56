import { MySqlStore } from '../../src/mysql.js'
import { PostgresStore } from '../../src/postgres.js'
import { describeRefreshCoordination } from '../stores/refresh-coordination-cases.js'
import { useTestDatabase } from './test-databases.js'

const postgres = useTestDatabase('postgres')
const mysql = useTestDatabase('mysql')

describeRefreshCoordination('PostgresStore', {
  namespace: postgres.prefix,
  open: (tablePrefix, options) => new PostgresStore({ url: postgres.url, tablePrefix, ...options }),
})

describeRefreshCoordination('MySqlStore', {
  namespace: mysql.prefix,
  open: (tablePrefix, options) => new MySqlStore({ url: mysql.url, tablePrefix, ...options }),
})
