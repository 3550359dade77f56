import { describe, expect, it } from 'vitest'
import { isSignType, signContent, verifyContent } from '../../src/signer/rsa.js'
import { rsaKeyForms } from './fixtures.js'

const keys = rsaKeyForms('app')
const content = '{"code":"10000","msg":"Success"}'
const signature = signContent(content, keys.privateKey)

describe('signContent and verifyContent', () => {
  it('are deterministic: the same key and content give the same bytes (PKCS#1 v1.5)', () => {
    expect(signContent(content, keys.privateKey)).toBe(signature)
  })

  it('verify what they sign, and nothing else', () => {
    expect(verifyContent(content, signature, keys.publicKey)).toBe(true)
    expect(verifyContent(`${content} `, signature, keys.publicKey)).toBe(false)
  })

  it('keep RSA2 (SHA-256) and legacy RSA (SHA-1) signatures apart', () => {
    const legacy = signContent(content, keys.privateKey, 'RSA')
    expect(legacy).not.toBe(signature)
    expect(verifyContent(content, legacy, keys.publicKey, 'RSA')).toBe(true)
    expect(verifyContent(content, legacy, keys.publicKey, 'RSA2')).toBe(false)
  })

  it.each([
    ['empty', ''],
    ['not base64', '!!!!'],
    ['base64 of the wrong length', signature.slice(0, -1)],
    ['base64 with inner whitespace', `${signature.slice(0, 8)} ${signature.slice(9)}`],
    ['valid base64 of random bytes', Buffer.alloc(256, 7).toString('base64')],
    ['a short valid base64 string', 'QUJD'],
  ])('return false, never throw, for a signature that is %s', (_case, bad) => {
    expect(verifyContent(content, bad, keys.publicKey)).toBe(false)
  })
})

describe('isSignType', () => {
  it('knows RSA2 and RSA and nothing else', () => {
    expect(isSignType('RSA2')).toBe(true)
    expect(isSignType('RSA')).toBe(true)
    for (const other of ['rsa2', 'SM2', '', undefined, 2]) expect(isSignType(other)).toBe(false)
  })
})
