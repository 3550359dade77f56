import { MockAlipayEngine, type MockAlipayOptions } from '../../src/index.js'
import type { DoorTransport } from './alipay-client.js'

/** An engine and a `fetch` that hands each request straight to `engine.handle`. */
export function engineDoor(
  options: MockAlipayOptions = {},
): DoorTransport & { engine: MockAlipayEngine } {
  const engine = new MockAlipayEngine({ alipayKeys: sharedAlipayKeys(), ...options })
  return {
    engine,
    baseUrl: 'http://mock-alipay.test',
    fetch: ((input: string | URL | Request, init?: RequestInit) =>
      engine.handle(new Request(input, init))) as typeof fetch,
  }
}

let alipayKeys: MockAlipayOptions['alipayKeys']

/** One Alipay key pair for all test engines: generation is the slowest thing an engine does. */
export function sharedAlipayKeys(): NonNullable<MockAlipayOptions['alipayKeys']> {
  if (!alipayKeys) {
    const { keys } = new MockAlipayEngine()
    alipayKeys = { privateKey: keys.privateKeyPem, publicKey: keys.publicKeyPem }
  }
  return alipayKeys
}
