import { describe, expect, it } from 'vitest'
import { createCookieSigner } from '../../src/adapter/cookie-signer.js'
import { verifiedBindings } from '../../src/adapter/verified-bindings.js'

const signer = createCookieSigner('browser-binding-test-secret-0123456789')
const other = createCookieSigner('someone-elses-secret-0123456789-abcdef')

describe('verifiedBindings', () => {
  it('gives the binding of every cookie of the name whose signature verifies, in header order', () => {
    const header = [
      `alipay_auth_state=${other.sign('planted')}`,
      'unrelated=1',
      `alipay_auth_state=${encodeURIComponent(signer.sign('first'))}`,
      'alipay_auth_state=forged.signature',
      `alipay_auth_state_other=${signer.sign('other-name')}`,
      ` alipay_auth_state = ${signer.sign('second')} `,
    ].join(';')
    expect(verifiedBindings(header, 'alipay_auth_state', signer)).toEqual(['first', 'second'])
  })

  it('gives each binding once, and nothing for a missing header or a value that does not decode', () => {
    const signed = signer.sign('same')
    expect(verifiedBindings(`a=${signed}; a=${signed}`, 'a', signer)).toEqual(['same'])
    expect(verifiedBindings(undefined, 'a', signer)).toEqual([])
    expect(verifiedBindings('a=%E0%A4%A', 'a', signer)).toEqual([])
  })

  it('looks at no more than 8 cookies of the name', () => {
    const planted = Array.from({ length: 8 }, (_, i) => `a=${other.sign(`p${i}`)}`)
    const header = [...planted, `a=${signer.sign('genuine')}`].join('; ')
    expect(verifiedBindings(header, 'a', signer)).toEqual([])
    expect(
      verifiedBindings(
        planted
          .slice(1)
          .concat(`a=${signer.sign('genuine')}`)
          .join('; '),
        'a',
        signer,
      ),
    ).toEqual(['genuine'])
  })
})
