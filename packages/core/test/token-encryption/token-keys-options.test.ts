import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AppAuth } from '../../src/auth/app-auth.js'
import { AlipayConfigError } from '../../src/errors.js'
import type { TokenKey } from '../../src/token-encryption/token-keys.js'
import { clientOptions } from '../mocks.js'

const construct = (tokenKeys: readonly TokenKey[]) => () =>
  new AppAuth({ ...clientOptions(), redirectUri: 'https://isv.example/cb', tokenKeys })

/** The refusal's message, checked to carry none of the key material it was given. */
function refusal(tokenKeys: TokenKey[]): string {
  const error = (() => {
    try {
      construct(tokenKeys)()
    } catch (thrown) {
      return thrown
    }
    throw new Error('accepted')
  })()
  expect(error).toBeInstanceOf(AlipayConfigError)
  const message = (error as Error).message
  for (const { key } of tokenKeys) {
    const text = typeof key === 'string' ? key : Buffer.from(key).toString('base64')
    if (text.length > 0) expect(message).not.toContain(text)
  }
  return message
}

describe('tokenKeys', () => {
  it('accepts 32-byte keys as base64, base64url, Buffer or Uint8Array', () => {
    const bytes = randomBytes(32)
    const keys: TokenKey[] = [
      { id: 'a', key: bytes.toString('base64') },
      { id: 'b', key: randomBytes(32).toString('base64url') },
      { id: 'c', key: randomBytes(32) },
      { id: 'd', key: new Uint8Array(randomBytes(32)) },
    ]
    expect(construct(keys)).not.toThrow()
  })

  it('refuses a key that is not 32 bytes, saying how to make one', () => {
    const message = refusal([{ id: 'k1', key: randomBytes(16).toString('base64') }])
    expect(message).toMatch(/tokenKeys\[0\]\.key \(id "k1"\) must be 32 bytes.*16 bytes/)
    expect(message).toContain('openssl rand -base64 32')
  })

  it('refuses hex, which decodes to the wrong length as base64', () => {
    const message = refusal([{ id: 'k1', key: randomBytes(32).toString('hex') }])
    expect(message).toMatch(/48 bytes.*openssl rand -base64 32/)
  })

  it('refuses text that is not base64, such as a password', () => {
    expect(refusal([{ id: 'k1', key: 'correct horse battery staple!' }])).toMatch(
      /not base64.*openssl rand -base64 32/,
    )
  })

  it('refuses 32 bytes that are not random: typed text or a placeholder', () => {
    const typed = Buffer.from('a password of exactly 32 chars!!')
    expect(refusal([{ id: 'k1', key: typed }])).toMatch(/does not look random/)
    expect(refusal([{ id: 'k1', key: Buffer.alloc(32) }])).toMatch(/does not look random/)
  })

  it('refuses the same id twice', () => {
    const keys = [
      { id: 'k1', key: randomBytes(32) },
      { id: 'k1', key: randomBytes(32) },
    ]
    expect(refusal(keys)).toMatch(/the id "k1" twice/)
  })

  it('refuses an id that could not be stored beside a token', () => {
    expect(refusal([{ id: 'k:1', key: randomBytes(32) }])).toMatch(/tokenKeys\[0\]\.id must be/)
    expect(refusal([{ id: '', key: randomBytes(32) }])).toMatch(/tokenKeys\[0\]\.id must be/)
  })

  it('refuses an empty list rather than storing tokens unencrypted unnoticed', () => {
    expect(refusal([])).toMatch(/non-empty array.*leave the option out/)
  })
})
