import { describe, expect, it } from 'vitest'
import { AlipayConfigError, AlipayResponseError } from '../../src/errors.js'
import { aesDecrypt, aesEncrypt } from '../../src/signer/aes.js'
import { readVectors, thrownBy } from './fixtures.js'

const { aes } = readVectors()

describe('AES content encryption (docs/protocol.md §6)', () => {
  it('decrypts the reference ciphertext', () => {
    expect(aesDecrypt(aes.ciphertext, aes.key)).toBe(aes.plaintext)
  })

  it('encrypts the reference plaintext to the reference ciphertext', () => {
    expect(aesEncrypt(aes.plaintext, aes.key)).toBe(aes.ciphertext)
  })

  it('takes the key as raw bytes too', () => {
    expect(aesEncrypt(aes.plaintext, Buffer.from(aes.key, 'base64'))).toBe(aes.ciphertext)
  })

  it('round-trips unicode and empty content', () => {
    for (const text of ['{"msg":"成功 😀"}', '']) {
      expect(aesDecrypt(aesEncrypt(text, aes.key), aes.key)).toBe(text)
    }
  })

  it.each([
    ['too short', 'YWJjZGVmZ2g='],
    ['an AES-256 key', Buffer.alloc(32, 9).toString('base64')],
    ['empty', ''],
  ])('rejects a key that is %s, saying the length, never the key', (_case, key) => {
    for (const action of [() => aesEncrypt('x', key), () => aesDecrypt(aes.ciphertext, key)]) {
      const error = thrownBy(action)
      expect(error).toBeInstanceOf(AlipayConfigError)
      expect(error.message).toContain('16 bytes')
      if (key) expect(error.message).not.toContain(key)
    }
  })

  it('reports a wrong key whose output happens to pass the padding check', () => {
    // Found by search: with this key, the reference ciphertext decrypts to valid padding (1 in ~256 keys).
    const lucky = 'AAAAAAAAAAAAAAAAAAAB4A=='
    const error = thrownBy(() => aesDecrypt(aes.ciphertext, lucky))
    expect(error).toBeInstanceOf(AlipayResponseError)
    expect(error.message).toContain('encryptKey')
  })

  it('reports content that does not decrypt with the key, never quoting the key', () => {
    const wrongKey = Buffer.alloc(16, 1).toString('base64')
    for (const ciphertext of [aes.ciphertext, 'bm90IGNpcGhlcg==']) {
      const error = thrownBy(() => aesDecrypt(ciphertext, wrongKey))
      expect(error).toBeInstanceOf(AlipayResponseError)
      expect(error.message).not.toContain(wrongKey)
    }
  })
})
