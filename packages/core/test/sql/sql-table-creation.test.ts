import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { administer, useTestDatabase } from './test-databases.js'

const run = promisify(execFile)
const PROCESSES = 6
const script = fileURLToPath(new URL('./fixtures/create-tables.ts', import.meta.url))
const packageRoot = fileURLToPath(new URL('../..', import.meta.url))

describe.each([
  { kind: 'postgres' as const, database: useTestDatabase('postgres') },
  { kind: 'mysql' as const, database: useTestDatabase('mysql') },
])('$kind: several processes starting at once over a new database', ({ kind, database }) => {
  it('create the tables once, record schema version 1, and all write', async () => {
    const tablePrefix = database.prefix()
    // Every process loads first, then all ask for the tables at the same moment.
    const startAt = String(Date.now() + 3000)
    const outputs = await Promise.all(
      Array.from({ length: PROCESSES }, (_, i) =>
        run(
          process.execPath,
          [
            '--import',
            'tsx',
            script,
            kind,
            database.url,
            tablePrefix,
            startAt,
            `20210000000000${10 + i}`,
          ],
          { cwd: packageRoot },
        ).then(({ stdout }) => stdout.trim()),
      ),
    )
    expect(outputs).toEqual(Array(PROCESSES).fill('ready'))
    const versions = await administer(
      kind,
      database.url,
      `SELECT version FROM ${tablePrefix}schema`,
    )
    expect(versions.map((row) => Number(row.version))).toEqual([1])
    const tokens = await administer(
      kind,
      database.url,
      `SELECT auth_app_id FROM ${tablePrefix}tokens`,
    )
    expect(tokens).toHaveLength(PROCESSES)
  }, 60_000)
})
