/**
 * Measures two competitors in alternating slices, so that a machine busy with other work (a
 * disk shared with other fsyncs, a loaded CPU) slows both alike and their ratio holds.
 */
export async function interleavedRates(
  competitors: [baseline: Slice, value: Slice],
  { slices = 40, sliceMs = 100 } = {},
): Promise<[baseline: number, value: number]> {
  const done = [0, 0]
  const elapsed = [0, 0]
  for (let slice = 0; slice < slices; slice++) {
    for (const side of [0, 1] as const) {
      // Which goes first alternates too, so neither always follows the other's fsyncs.
      const which = slice % 2 === 0 ? side : 1 - side
      const start = performance.now()
      done[which]! += await competitors[which]!(start + sliceMs)
      elapsed[which]! += performance.now() - start
    }
  }
  return [(done[0]! * 1000) / elapsed[0]!, (done[1]! * 1000) / elapsed[1]!]
}

/** Runs operations until `until` (a `performance.now()` time); resolves to how many it did. */
export type Slice = (until: number) => Promise<number>

/** A slice that runs `operation` with `concurrency` callers at once. */
export function concurrentSlice(
  concurrency: number,
  operation: (i: number) => Promise<unknown>,
): Slice {
  let next = 0
  return async (until) => {
    let count = 0
    const caller = async () => {
      while (performance.now() < until) {
        await operation(next++)
        count++
      }
    }
    await Promise.all(Array.from({ length: concurrency }, caller))
    return count
  }
}
