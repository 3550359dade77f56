import { describe, expect, it } from 'vitest'
import { cookieSignerFromMac, createCookieSigner } from '../../src/adapter/cookie-signer.js'
import { AlipayConfigError } from '../../src/errors.js'

describe('createCookieSigner', () => {
  it('gives back the value of a cookie it signed', () => {
    const signer = createCookieSigner('a-long-random-secret-of-32-bytes!')
    expect(signer.unsign(signer.sign('binding.with.dots'))).toBe('binding.with.dots')
  })

  it('refuses a forged, truncated or missing cookie', () => {
    const signer = createCookieSigner('secret-one')
    const signed = signer.sign('binding')
    expect(signer.unsign(`other${signed.slice(7)}`)).toBeUndefined()
    expect(signer.unsign(signed.slice(0, -2))).toBeUndefined()
    expect(signer.unsign('binding')).toBeUndefined()
    expect(signer.unsign(undefined)).toBeUndefined()
    expect(createCookieSigner('secret-two').unsign(signed)).toBeUndefined()
  })

  it('verifies with every secret and signs with the first, for rotation', () => {
    const old = createCookieSigner('old-secret')
    const rotated = createCookieSigner(['new-secret', Buffer.from('old-secret')])
    expect(rotated.unsign(old.sign('binding'))).toBe('binding')
    expect(old.unsign(rotated.sign('binding'))).toBeUndefined()
  })

  it('refuses an empty secret', () => {
    expect(() => createCookieSigner('')).toThrow(AlipayConfigError)
    expect(() => createCookieSigner([])).toThrow(AlipayConfigError)
  })
})

describe('cookieSignerFromMac', () => {
  const mac = {
    sign: (data: string) => `mac-of-${data.length}`,
    verify: (data: string, digest: string) => digest === `mac-of-${data.length}`,
  }

  it('signs as value.<mac> and gives back a value whose MAC verifies, dots and all', () => {
    const signer = cookieSignerFromMac(mac)
    expect(signer.sign('binding.with.dots')).toBe('binding.with.dots.mac-of-17')
    expect(signer.unsign('binding.with.dots.mac-of-17')).toBe('binding.with.dots')
  })

  it('refuses a MAC that does not verify, a value without one, or no cookie', () => {
    const signer = cookieSignerFromMac(mac)
    expect(signer.unsign('binding.mac-of-8')).toBeUndefined()
    expect(signer.unsign('binding')).toBeUndefined()
    expect(signer.unsign(undefined)).toBeUndefined()
  })
})
