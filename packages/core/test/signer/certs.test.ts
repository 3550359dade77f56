import { X509Certificate } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AlipayConfigError } from '../../src/errors.js'
import {
  certificateSn,
  publicKeyFromCertificate,
  rootCertificateSn,
  splitPemBundle,
} from '../../src/signer/certs.js'
import { toBareBase64PublicKey } from '../../src/signer/keys.js'
import { readVectorFile, readVectors, thrownBy } from './fixtures.js'

const vectors = readVectors()
const ROOT = 'certs/alipayRootCert.crt'

describe('certificate mode reproduces every reference value (docs/protocol.md §5)', () => {
  it.each(Object.entries(vectors.certSn).filter(([name]) => name !== 'algorithm'))(
    'computes the SN of %s',
    (name, sn) => {
      expect(certificateSn(readVectorFile(name))).toBe(sn)
    },
  )

  it.each(Object.entries(vectors.rootCertSn).filter(([name]) => name !== 'algorithm'))(
    'computes alipay_root_cert_sn of %s',
    (name, sn) => {
      expect(rootCertificateSn(readVectorFile(name))).toBe(sn)
    },
  )

  it.each(Object.entries(vectors.alipayPublicKeyFromCert))(
    'takes Alipay’s public key from %s',
    (name, key) => {
      expect(toBareBase64PublicKey(publicKeyFromCertificate(readVectorFile(name)))).toBe(key)
    },
  )
})

describe('certificateSn', () => {
  const name = 'certs/appCertPublicKey_2021001161683774.crt'
  const pem = readVectorFile(name)

  it('accepts the PEM as a Buffer or as an X509Certificate', () => {
    expect(certificateSn(Buffer.from(pem))).toBe(vectors.certSn[name])
    expect(certificateSn(new X509Certificate(pem))).toBe(vectors.certSn[name])
  })

  it('rejects what is not a certificate with a config error naming the option', () => {
    const error = thrownBy(() => certificateSn('-----BEGIN CERTIFICATE-----\nAAAA', 'appCert'))
    expect(error).toBeInstanceOf(AlipayConfigError)
    expect(error.message).toMatch(/^appCert is not a valid X\.509 certificate/)
  })
})

describe('rootCertificateSn', () => {
  it('skips the bundle’s certificates that are not RSA-signed', () => {
    const bundle = readVectorFile(ROOT)
    const rsaSns = rootCertificateSn(bundle).split('_')
    expect(splitPemBundle(bundle).length).toBeGreaterThan(rsaSns.length)
  })

  it('tells the user to pass the file’s content when given no PEM certificate', () => {
    const error = thrownBy(() => rootCertificateSn('/path/to/alipayRootCert.crt'))
    expect(error).toBeInstanceOf(AlipayConfigError)
    expect(error.message).toContain('not its path')
  })

  it('rejects a bundle holding a damaged certificate', () => {
    const damaged = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'
    expect(thrownBy(() => rootCertificateSn(damaged))).toBeInstanceOf(AlipayConfigError)
  })
})
