import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MerchantToken } from '../../packages/core/src/stores/types.js'
import type { BenchResult } from './types.js'

/** Runs `work` in a fresh temporary directory, removed afterwards. */
export async function inTemporaryDirectory<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'alipay-bench-'))
  try {
    return await work(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** `value` rounded to `digits` decimals. */
export function round(value: number, digits = 2): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** One result line, its ratio to the baseline rounded to two decimals. */
export function ratioResult(
  fields: Omit<BenchResult, 'value' | 'baseline_value' | 'ratio'>,
  [baseline, value]: [baseline: number, value: number],
): BenchResult {
  return {
    ...fields,
    value: Math.round(value),
    baseline_value: Math.round(baseline),
    ratio: round(value / baseline),
  }
}

/** A stored record of realistic size, one of `merchants` merchant apps, written `i`-th. */
export function sampleToken(i: number, merchants: number): MerchantToken {
  const authAppId = String(2021000000000000 + (i % merchants))
  return {
    authAppId,
    userId: '2088000000000001',
    appAuthToken: `202601BB${authAppId}0123456789abcdef01234567`,
    appRefreshToken: `202601BB${authAppId}fedcba9876543210fedcba98`,
    expiresAt: 1_800_000_000_000,
    refreshExpiresAt: 1_800_600_000_000,
    authorizedAt: 1_770_000_000_000,
    updatedAt: 1_770_000_000_000 + i,
    status: 'active',
    via: 'browser',
  }
}
