import { AlipayConfigError } from '@alipay-isv/core'
import type { EngineClock } from './clock.js'
import type { PersistedState } from './contract.js'
import type { AlipayKeys } from './keys.js'
import type { EngineState } from './state.js'

/** Everything `--data-dir` needs to bring the emulator back: plain JSON (not faults or the log). */
export function snapshotState(
  state: EngineState,
  keys: AlipayKeys,
  clock: EngineClock,
): PersistedState {
  return {
    version: 1,
    alipay_keys: { private_key: keys.privateKeyPem, public_key: keys.publicKeyPem },
    clock_offset_ms: clock.offsetMs,
    apps: [...state.apps.values()].map((app) => app.registration),
    merchants: [...state.merchants.values()],
    codes: [...state.codes.values()],
    grants: [...state.grants.values()],
    retired_tokens: [...state.retired.values()],
    invites: [...state.invites.values()],
    stubs: state.stubs.list(),
    cancelled_tokens: [...state.cancelled.values()],
  }
}

export function checkSnapshot(snapshot: PersistedState): void {
  if (snapshot?.version !== 1) {
    throw new AlipayConfigError(
      'This persisted mock-alipay state is not version 1; delete the data directory to start clean.',
    )
  }
}

/**
 * Codes, tokens, invites and the clock offset; apps, merchants and stubs come back through the
 * seed.
 */
export function restoreState(
  state: EngineState,
  clock: EngineClock,
  snapshot: PersistedState,
): void {
  clock.advance(snapshot.clock_offset_ms / 1000)
  for (const code of snapshot.codes) state.codes.set(code.code, { ...code })
  for (const grant of snapshot.grants) state.putGrant({ ...grant })
  for (const retired of snapshot.retired_tokens) state.retired.set(retired.token, { ...retired })
  for (const invite of snapshot.invites ?? []) state.invites.set(invite.id, { ...invite })
  for (const cancelled of snapshot.cancelled_tokens ?? [])
    state.cancelled.set(cancelled.token, { ...cancelled })
}
