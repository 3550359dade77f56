import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MySqlStore } from '../../src/mysql.js'
import { describeStoreConformance } from '../../src/testing/index.js'
import { rawRows } from './raw-rows.js'
import { useTestDatabase } from './test-databases.js'

const database = useTestDatabase('mysql')
let tablePrefix = ''

describeStoreConformance(
  'MySqlStore',
  async (clock) => {
    tablePrefix = database.prefix()
    return new MySqlStore({ url: database.url, tablePrefix, clock })
  },
  { describe, it, beforeEach, afterEach },
  { rawContents: () => rawRows('mysql', database.url, tablePrefix) },
)

describe('MySqlStore options', () => {
  it('refuses to be built without a pool or a URL, saying which option to pass', () => {
    expect(() => new MySqlStore({})).toThrow(/exactly one of `pool`.*or `url`/)
  })

  it('refuses a URL without a database, showing the form it takes', () => {
    expect(() => new MySqlStore({ url: 'mysql://root@127.0.0.1:3306' })).toThrow(
      /must be mysql:\/\/user:password@host:3306\/database/,
    )
  })

  it('refuses a table prefix that is not a plain identifier', () => {
    expect(() => new MySqlStore({ url: database.url, tablePrefix: 'x; DROP TABLE y' })).toThrow(
      /tablePrefix must be a letter followed by letters, digits or underscores/,
    )
  })
})
