import { type KeyObject, sign, verify } from 'node:crypto'

/** `RSA2` is SHA256withRSA; `RSA` is the legacy SHA1withRSA (docs/protocol.md §3). */
export type SignType = 'RSA2' | 'RSA'

const DIGEST: Record<SignType, string> = { RSA2: 'sha256', RSA: 'sha1' }
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

export function isSignType(value: unknown): value is SignType {
  return value === 'RSA2' || value === 'RSA'
}

/** PKCS#1 v1.5 signature of the UTF-8 bytes of `content`, base64. Deterministic. */
export function signContent(content: string, privateKey: KeyObject, signType: SignType = 'RSA2') {
  return sign(DIGEST[signType], Buffer.from(content, 'utf8'), privateKey).toString('base64')
}

/** False, never an exception, for a signature that is not base64 or does not verify. */
export function verifyContent(
  content: string,
  signature: string,
  publicKey: KeyObject,
  signType: SignType = 'RSA2',
): boolean {
  if (signature.length === 0 || signature.length % 4 !== 0 || !BASE64.test(signature)) return false
  try {
    return verify(
      DIGEST[signType],
      Buffer.from(content, 'utf8'),
      publicKey,
      Buffer.from(signature, 'base64'),
    )
  } catch {
    return false
  }
}
