import { X509Certificate } from 'node:crypto'
import forge from 'node-forge'
import { describe, expect, it } from 'vitest'
import { splitPemBundle } from '../../src/signer/certs.js'
import { signatureAlgorithmOid } from '../../src/signer/der.js'
import { issueCert } from '../cert-factory.js'
import { readVectorFile } from './fixtures.js'

const der = (pem: string) => new X509Certificate(pem).raw

/** node-forge, which core used before, as the oracle. */
function forgeOid(pem: string): string {
  const certificate = forge.asn1.fromDer(
    forge.util.decode64(pem.replace(/-----[A-Z ]+-----|\s+/g, '')),
  )
  const algorithm = (certificate.value as forge.asn1.Asn1[])[1] as forge.asn1.Asn1
  return forge.asn1.derToOid((algorithm.value as forge.asn1.Asn1[])[0]?.value as string)
}

/** A Certificate SEQUENCE holding an empty tbsCertificate and an AlgorithmIdentifier. */
function certificateWith(algorithm: number[]): Uint8Array {
  const body = [0x30, 0x00, 0x30, algorithm.length, ...algorithm]
  return Uint8Array.from([0x30, body.length, ...body])
}

describe('signatureAlgorithmOid reads the OID from a certificate’s DER', () => {
  it('of each certificate in Alipay’s root bundle: SM2, RSA-SHA256, ECDSA-SHA384, RSA-SHA1', () => {
    const pems = splitPemBundle(readVectorFile('certs/alipayRootCert.crt'))
    expect(pems.map((pem) => signatureAlgorithmOid(der(pem)))).toEqual([
      '1.2.156.10197.1.501',
      '1.2.840.113549.1.1.11',
      '1.2.840.10045.4.3.3',
      '1.2.840.113549.1.1.5',
    ])
    for (const pem of pems) expect(signatureAlgorithmOid(der(pem))).toBe(forgeOid(pem))
  })

  it('of a certificate with long-form lengths, as node-forge reads it', () => {
    const { pem } = issueCert('der-test')
    expect(signatureAlgorithmOid(der(pem))).toBe('1.2.840.113549.1.1.11')
    expect(signatureAlgorithmOid(der(pem))).toBe(forgeOid(pem))
  })

  it('decodes a first arc of 2 and multi-byte arcs (2.999.1, 1.2.840)', () => {
    expect(signatureAlgorithmOid(certificateWith([0x06, 0x03, 0x88, 0x37, 0x01]))).toBe('2.999.1')
    expect(signatureAlgorithmOid(certificateWith([0x06, 0x03, 0x2a, 0x86, 0x48]))).toBe('1.2.840')
  })

  it.each([
    ['an empty buffer', []],
    ['a truncated element', [0x30, 0x05, 0x30, 0x00]],
    ['an indefinite length', [0x30, 0x80, 0x00, 0x00]],
    ['a length wider than 4 bytes', [0x30, 0x85, 1, 0, 0, 0, 0]],
    ['not a SEQUENCE', [0x31, 0x00]],
    ['no OID in the AlgorithmIdentifier', [...certificateWith([0x05, 0x00])]],
    ['an OID cut in the middle of an arc', [...certificateWith([0x06, 0x02, 0x2a, 0x86])]],
  ])('refuses %s', (_what, bytes) => {
    expect(() => signatureAlgorithmOid(Uint8Array.from(bytes))).toThrow(RangeError)
  })
})
