import { createCipheriv, createDecipheriv } from 'node:crypto'
import { AlipayConfigError, AlipayResponseError } from '../errors.js'

const ZERO_IV = Buffer.alloc(16)

/**
 * AES-128-CBC, PKCS#7, zero IV, base64 (docs/protocol.md §6). `key` is the console's base64
 * `encrypt_key`.
 */
export function aesEncrypt(plaintext: string, key: string | Buffer): string {
  const cipher = createCipheriv('aes-128-cbc', aesKey(key), ZERO_IV)
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64')
}

/** Content is UTF-8 text: a wrong key whose output happens to pass the padding check is caught here. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true })

export function aesDecrypt(ciphertext: string, key: string | Buffer): string {
  const decipher = createDecipheriv('aes-128-cbc', aesKey(key), ZERO_IV)
  try {
    return STRICT_UTF8.decode(
      Buffer.concat([decipher.update(ciphertext, 'base64'), decipher.final()]),
    )
  } catch {
    throw new AlipayResponseError(
      'AES content does not decrypt with the configured encryptKey. Check that encryptKey is the AES key set for this app in the Alipay console.',
    )
  }
}

function aesKey(key: string | Buffer): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key.trim(), 'base64') : key
  if (bytes.length !== 16) {
    throw new AlipayConfigError(
      `encryptKey must be a base64 AES-128 key (16 bytes, 24 base64 characters, as the Alipay console shows it); this one decodes to ${bytes.length} bytes.`,
    )
  }
  return bytes
}
