/**
 * `begin`, then `body`, then COMMIT on one connection; on any failure a ROLLBACK, whose own failure
 * is ignored (the connection is then of no use, and the first error is the one to report).
 */
export async function inTransaction<T>(
  statement: (sql: string) => Promise<unknown>,
  begin: string,
  body: () => Promise<T>,
): Promise<T> {
  await statement(begin)
  try {
    const result = await body()
    await statement('COMMIT')
    return result
  } catch (error) {
    await statement('ROLLBACK').catch(() => undefined)
    throw error
  }
}
