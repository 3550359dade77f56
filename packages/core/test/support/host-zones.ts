import { afterAll, beforeAll } from 'vitest'

/**
 * The zones the official SDK interop tests run under. alipay-sdk formats `timestamp` in the
 * host's local zone (docs/protocol.md §3): the host's own zone as it is (TZ unset, UTC on a CI
 * runner), and one far from China's.
 */
export const HOST_ZONES: readonly { name: string; zone: string | undefined }[] = [
  { name: 'the host zone (TZ unset)', zone: undefined },
  { name: 'TZ=America/Los_Angeles', zone: 'America/Los_Angeles' },
]

/** Runs the enclosing describe block with `TZ` set to `zone` (or unset), then restores it. */
export function useHostZone(zone: string | undefined): void {
  const previous = process.env.TZ
  beforeAll(() => setZone(zone))
  afterAll(() => setZone(previous))
}

// Node re-reads TZ whenever it is assigned or deleted.
function setZone(zone: string | undefined): void {
  if (zone === undefined) delete process.env.TZ
  else process.env.TZ = zone
}
