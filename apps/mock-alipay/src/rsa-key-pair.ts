import { generateKeyPair } from 'node:crypto'
import { promisify } from 'node:util'
import { toPem } from '@alipay-isv/core'
import type { AlipayKeyPair } from './engine/contract.js'

const generate = promisify(generateKeyPair)

/**
 * A fresh RSA-2048 key pair as PEM, generated natively off the main thread. It costs ~100 ms on
 * an idle machine and seconds under load, which is why the CLI and `startMockAlipay()` keep what
 * they generate.
 */
export async function generateRsaKeyPair(): Promise<AlipayKeyPair> {
  const { privateKey, publicKey } = await generate('rsa', { modulusLength: 2048 })
  return { privateKey: toPem(privateKey), publicKey: toPem(publicKey) }
}
