import type { KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { testKeyPair } from '../../src/testing/test-key-pair.js'

/** Published reference values (docs/protocol.md §5–§6); vectors/README.md names each source. */
export const VECTORS_DIR = new URL('vectors/', import.meta.url)

export interface Vectors {
  certSn: Record<string, string>
  rootCertSn: Record<string, string>
  alipayPublicKeyFromCert: Record<string, string>
  aes: { key: string; ciphertext: string; plaintext: string }
}

export function readVectors(): Vectors {
  return JSON.parse(readFileSync(new URL('vectors.json', VECTORS_DIR), 'utf8')) as Vectors
}

/** A file under vectors/, named as vectors.json names it (e.g. `certs/alipayRootCert.crt`). */
export function readVectorFile(name: string): string {
  return readFileSync(new URL(name, VECTORS_DIR), 'utf8')
}

/** One RSA-2048 key pair in every form a user may hold it (docs/protocol.md §8). */
export interface RsaKeyForms {
  privateKey: KeyObject
  publicKey: KeyObject
  pkcs8Pem: string
  pkcs1Pem: string
  spkiPem: string
  pkcs1PublicPem: string
  bareBase64Pkcs8: string
  bareBase64Pkcs1: string
  bareBase64Spki: string
  bareBase64Pkcs1Public: string
}

/** `testKeyPair(role)` in every form: the same role gives the same pair, another role another. */
export function rsaKeyForms(role: string): RsaKeyForms {
  const { privateKey, publicKey } = testKeyPair(role)
  const der = (key: KeyObject, type: 'pkcs8' | 'pkcs1' | 'spki') =>
    key.export({ type, format: 'der' }).toString('base64')
  const pem = (key: KeyObject, type: 'pkcs8' | 'pkcs1' | 'spki') =>
    key.export({ type, format: 'pem' }).toString()
  return {
    privateKey,
    publicKey,
    pkcs8Pem: pem(privateKey, 'pkcs8'),
    pkcs1Pem: pem(privateKey, 'pkcs1'),
    spkiPem: pem(publicKey, 'spki'),
    pkcs1PublicPem: pem(publicKey, 'pkcs1'),
    bareBase64Pkcs8: der(privateKey, 'pkcs8'),
    bareBase64Pkcs1: der(privateKey, 'pkcs1'),
    bareBase64Spki: der(publicKey, 'spki'),
    bareBase64Pkcs1Public: der(publicKey, 'pkcs1'),
  }
}

/** Runs `action`, expecting it to throw; returns the error for further assertions. */
export function thrownBy(action: () => unknown): Error {
  try {
    action()
  } catch (error) {
    if (error instanceof Error) return error
    throw new Error(`expected an Error, got ${String(error)}`)
  }
  throw new Error('expected the action to throw, but it returned')
}
