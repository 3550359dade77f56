import { generateKeyPairSync, type KeyObject } from 'node:crypto'

export interface KeyPair {
  privateKey: KeyObject
  publicKey: KeyObject
}

/** The ISV app's pair, Alipay's pair, and a stranger's public key (for "wrong Alipay key"). */
export interface ScenarioKeys {
  app: KeyPair
  alipay: KeyPair
  stranger: KeyPair
}

let cached: ScenarioKeys | undefined

/** RSA-2048 generation costs ~100 ms a pair: generate once per test file, share across scenarios. */
export function scenarioKeys(): ScenarioKeys {
  cached ??= { app: generatePair(), alipay: generatePair(), stranger: generatePair() }
  return cached
}

function generatePair(): KeyPair {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
}
