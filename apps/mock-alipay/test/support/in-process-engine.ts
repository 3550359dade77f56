import { toPem } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import { MockAlipayEngine, type MockAlipayOptions } from '../../src/index.js'
import type { EmulatorTransport } from './alipay-client.js'

/** An engine and a `fetch` that hands each request straight to `engine.handle`. */
export function inProcessEngine(
  options: MockAlipayOptions = {},
): EmulatorTransport & { engine: MockAlipayEngine } {
  const engine = new MockAlipayEngine({ alipayKeys: sharedAlipayKeys(), ...options })
  return {
    engine,
    baseUrl: 'http://mock-alipay.test',
    fetch: ((input: string | URL | Request, init?: RequestInit) =>
      engine.handle(new Request(input, init))) as typeof fetch,
  }
}

/** One Alipay key pair for all test engines (core's `testKeyPair`): generation is the slowest thing an engine does. */
export function sharedAlipayKeys(): NonNullable<MockAlipayOptions['alipayKeys']> {
  const { privateKey, publicKey } = testKeyPair('alipay')
  return { privateKey: toPem(privateKey), publicKey: toPem(publicKey) }
}
