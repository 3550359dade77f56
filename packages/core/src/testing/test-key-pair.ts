import { generateKeyPairSync, type KeyObject } from 'node:crypto'

export interface TestKeyPair {
  privateKey: KeyObject
  publicKey: KeyObject
}

const pairs = new Map<string, TestKeyPair>()

/**
 * An RSA-2048 pair for `role` (`'app'`, `'alipay'`, `'stranger'`, …), generated the first time a
 * test process asks for that role and the same pair after: generation costs ~100 ms a pair (more
 * under load), which would otherwise dominate a test run. For tests only: never a real key.
 */
export function testKeyPair(role: string): TestKeyPair {
  let pair = pairs.get(role)
  if (pair === undefined) {
    pair = generateKeyPairSync('rsa', { modulusLength: 2048 })
    pairs.set(role, pair)
  }
  return pair
}
