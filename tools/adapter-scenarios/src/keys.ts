import { type TestKeyPair, testKeyPair } from '@alipay-isv/core/testing'

export type KeyPair = TestKeyPair

/** The ISV app's pair, Alipay's pair, and a stranger's public key (for "wrong Alipay key"). */
export interface ScenarioKeys {
  app: KeyPair
  alipay: KeyPair
  stranger: KeyPair
}

/** The test process's pairs of each role (core's `testKeyPair`), shared across scenarios. */
export function scenarioKeys(): ScenarioKeys {
  return {
    app: testKeyPair('app'),
    alipay: testKeyPair('alipay'),
    stranger: testKeyPair('stranger'),
  }
}
