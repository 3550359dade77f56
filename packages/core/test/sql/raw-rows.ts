import { administer } from './test-databases.js'

/**
 * Every row of every table a SQL store made, as JSON: what the store persisted, for the
 * conformance suite's `rawContents`.
 */
export async function rawRows(
  kind: 'postgres' | 'mysql',
  url: string,
  prefix: string,
): Promise<string> {
  const tables = ['schema', 'tokens', 'refresh_leases', 'states', 'claims'].map((t) => prefix + t)
  const contents: Record<string, unknown> = {}
  for (const table of tables)
    contents[table] = await administer(kind, url, `SELECT * FROM ${table}`)
  return JSON.stringify(contents)
}
