import { sign, verify } from 'node:crypto'
import { testKeyPair } from '@alipay-isv/core/testing'

export interface SignerBound {
  signsPerSecond: number
  verifiesPerSecond: number
  /**
   * Flows per second one core could complete if signatures were all it did. Every flow costs two
   * RSA-2048 signs (the app's exchange request, the emulator's response) and two verifications
   * (the emulator checks the request, the app checks the response): 1 / (2/sign + 2/verify).
   */
  flowsPerSecond: number
}

/** A v2 canonical string of the size a code exchange signs (docs/protocol.md §3). */
const CONTENT = Buffer.from(
  `app_id=2021000000000001&biz_content={"grant_type":"authorization_code","code":"${'c'.repeat(32)}"}&charset=utf-8&format=JSON&method=alipay.open.auth.token.app&sign_type=RSA2&timestamp=2026-01-01 12:00:00&version=1.0`,
)

/** Measures node:crypto on a 2048-bit key (an app's, as tests use) for about `ms` per operation. */
export function measureSignerBound(ms = 700): SignerBound {
  const { privateKey, publicKey } = testKeyPair('app')
  const signature = sign('sha256', CONTENT, privateKey)
  const signsPerSecond = rate(ms, () => sign('sha256', CONTENT, privateKey))
  const verifiesPerSecond = rate(ms, () => verify('sha256', CONTENT, publicKey, signature))
  return {
    signsPerSecond,
    verifiesPerSecond,
    flowsPerSecond: 1 / (2 / signsPerSecond + 2 / verifiesPerSecond),
  }
}

function rate(ms: number, operation: () => unknown): number {
  for (let i = 0; i < 20; i++) operation()
  let count = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    for (let i = 0; i < 20; i++) operation()
    count += 20
    elapsed = performance.now() - start
  }
  return (count / elapsed) * 1000
}
