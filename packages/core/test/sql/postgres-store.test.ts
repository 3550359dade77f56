import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PostgresStore } from '../../src/postgres.js'
import { describeStoreConformance } from '../../src/testing/index.js'
import { rawRows } from './raw-rows.js'
import { useTestDatabase } from './test-databases.js'

const database = useTestDatabase('postgres')
let tablePrefix = ''

describeStoreConformance(
  'PostgresStore',
  async (clock) => {
    tablePrefix = database.prefix()
    return new PostgresStore({ url: database.url, tablePrefix, clock })
  },
  { describe, it, beforeEach, afterEach },
  { rawContents: () => rawRows('postgres', database.url, tablePrefix) },
)

describe('PostgresStore options', () => {
  it('refuses to be built without a pool or a URL, saying which option to pass', () => {
    expect(() => new PostgresStore({})).toThrow(/exactly one of `pool`.*or `url`/)
  })

  it('refuses a URL of another database, showing the form it takes', () => {
    expect(() => new PostgresStore({ url: 'mysql://root@127.0.0.1/app' })).toThrow(
      /must start with postgres:\/\/ or postgresql:\/\//,
    )
  })

  it('refuses a table prefix that is not a plain identifier', () => {
    expect(() => new PostgresStore({ url: database.url, tablePrefix: 'x; DROP TABLE y' })).toThrow(
      /tablePrefix must be a letter followed by letters, digits or underscores/,
    )
  })
})
