import { generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AlipayConfigError } from '../../src/errors.js'
import {
  parsePrivateKey,
  parsePublicKey,
  toBareBase64PublicKey,
  toPem,
} from '../../src/signer/keys.js'
import { readVectorFile, readVectors, rsaKeyForms, thrownBy } from './fixtures.js'

const rsa = rsaKeyForms('app')
// Not testKeyPair: the parsers must refuse a non-RSA key, and testKeyPair only makes RSA pairs.
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const ecPkcs8Pem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const ecBarePkcs8 = ec.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64')
const ecBareSpki = ec.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
const ecSec1Pem = ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString()

const PRIVATE_FORMS = ['bare base64', 'PKCS#1 PEM', 'PKCS#8 PEM']
const PUBLIC_FORMS = ['bare base64', 'SPKI PEM', 'PKCS#1 PEM', 'certificate']
const data = Buffer.from('app_id=2021000000000000&method=alipay.open.auth.token.app')

function signsLikeTheGeneratedKey(key: KeyObject): boolean {
  return verify('sha256', data, rsa.publicKey, sign('sha256', data, key))
}

function verifiesLikeTheGeneratedKey(key: KeyObject): boolean {
  return verify('sha256', data, key, sign('sha256', data, rsa.privateKey))
}

/** The error is a config error that names the forms and quotes no part of the key. */
function expectFormsWithoutKeyMaterial(
  action: () => unknown,
  forms: string[],
  material: string,
): void {
  const error = thrownBy(action)
  expect(error).toBeInstanceOf(AlipayConfigError)
  for (const form of forms) expect(error.message).toContain(form)
  const base64 = material.replace(/-----[A-Z0-9 ]+-----|\s+/g, '')
  for (let at = 0; at + 16 <= base64.length; at += 16) {
    expect(error.message).not.toContain(base64.slice(at, at + 16))
  }
}

describe('parsePrivateKey', () => {
  it.each([
    ['bare base64 PKCS#8', rsa.bareBase64Pkcs8],
    ['bare base64 PKCS#1', rsa.bareBase64Pkcs1],
    ['PKCS#1 PEM', rsa.pkcs1Pem],
    ['PKCS#8 PEM', rsa.pkcs8Pem],
  ])('accepts %s', (_form, input) => {
    const key = parsePrivateKey(input)
    expect(key.type).toBe('private')
    expect(signsLikeTheGeneratedKey(key)).toBe(true)
  })

  it('accepts bare base64 with the line breaks and spaces of a copied key', () => {
    const wrapped = ` ${rsa.bareBase64Pkcs8.replace(/(.{64})/g, '$1\n')}\n`
    expect(signsLikeTheGeneratedKey(parsePrivateKey(wrapped))).toBe(true)
  })

  it('accepts a PEM held in a Buffer and passes a private KeyObject through', () => {
    expect(signsLikeTheGeneratedKey(parsePrivateKey(Buffer.from(rsa.pkcs1Pem)))).toBe(true)
    expect(parsePrivateKey(rsa.privateKey)).toBe(rsa.privateKey)
  })

  it.each([
    ['a bare base64 SPKI public key', rsa.bareBase64Spki, 'is a public key'],
    ['a bare base64 PKCS#1 public key', rsa.bareBase64Pkcs1Public, 'is a public key'],
    ['an SPKI PEM public key', rsa.spkiPem, 'That is a public key'],
    ['a PKCS#1 PEM public key', rsa.pkcs1PublicPem, 'That is a public key'],
    ['an EC private key as PKCS#8 PEM', ecPkcs8Pem, 'ec key'],
    ['an EC private key as bare base64', ecBarePkcs8, 'ec key'],
    ['an EC private key as SEC1 PEM', ecSec1Pem, 'EC PRIVATE KEY'],
    ['garbage', 'not a key at all!', 'neither PEM nor valid base64'],
    ['an empty string', '   ', 'is empty'],
    ['base64 cut at a non-multiple of four', rsa.bareBase64Pkcs8.slice(0, 301), 'nor valid base64'],
    ['base64 cut at a multiple of four', rsa.bareBase64Pkcs8.slice(0, 800), 'truncated'],
    ['a PEM cut in half', rsa.pkcs8Pem.slice(0, 700), 'not a valid key'],
  ])('rejects %s, naming the expected forms without quoting the key', (_form, input, says) => {
    expectFormsWithoutKeyMaterial(() => parsePrivateKey(input), PRIVATE_FORMS, input)
    expect(thrownBy(() => parsePrivateKey(input)).message).toContain(says)
  })

  it('rejects a public KeyObject and a value that is not a key at all', () => {
    expectFormsWithoutKeyMaterial(() => parsePrivateKey(rsa.publicKey), PRIVATE_FORMS, '')
    expectFormsWithoutKeyMaterial(() => parsePrivateKey(42 as never), PRIVATE_FORMS, '')
  })

  it('names the option in its message', () => {
    expect(thrownBy(() => parsePrivateKey('', 'appPrivateKey')).message).toMatch(/^appPrivateKey /)
  })
})

describe('parsePublicKey', () => {
  const alipayCert = readVectorFile('certs/alipayCertPublicKey_RSA2.crt')

  it.each([
    ['bare base64 SPKI', rsa.bareBase64Spki],
    ['bare base64 PKCS#1', rsa.bareBase64Pkcs1Public],
    ['SPKI PEM', rsa.spkiPem],
    ['PKCS#1 PEM', rsa.pkcs1PublicPem],
  ])('accepts %s', (_form, input) => {
    const key = parsePublicKey(input)
    expect(key.type).toBe('public')
    expect(verifiesLikeTheGeneratedKey(key)).toBe(true)
  })

  it('accepts a certificate and takes the public key it carries', () => {
    const expected = readVectors().alipayPublicKeyFromCert['certs/alipayCertPublicKey_RSA2.crt']
    expect(toBareBase64PublicKey(parsePublicKey(alipayCert))).toBe(expected)
  })

  it.each([
    ['a bare base64 PKCS#8 private key', rsa.bareBase64Pkcs8, 'is a private key'],
    ['a bare base64 PKCS#1 private key', rsa.bareBase64Pkcs1, 'is a private key'],
    ['a PKCS#8 PEM private key', rsa.pkcs8Pem, 'That is a private key'],
    ['a PKCS#1 PEM private key', rsa.pkcs1Pem, 'That is a private key'],
    ['an EC public key', ecBareSpki, 'ec key'],
    ['garbage', '{"alipay_public_key": true}', 'neither PEM nor valid base64'],
    ['an empty Buffer', Buffer.alloc(0), 'is empty'],
    ['base64 cut at a multiple of four', rsa.bareBase64Spki.slice(0, 200), 'truncated'],
    ['a certificate cut in half', alipayCert.slice(0, 600), 'not a valid key'],
  ])('rejects %s, naming the expected forms without quoting the key', (_form, input, says) => {
    const material = input.toString()
    expectFormsWithoutKeyMaterial(() => parsePublicKey(input), PUBLIC_FORMS, material)
    expect(thrownBy(() => parsePublicKey(input)).message).toContain(says)
  })

  it('rejects a private KeyObject', () => {
    expectFormsWithoutKeyMaterial(() => parsePublicKey(rsa.privateKey), PUBLIC_FORMS, '')
  })
})

describe('key export', () => {
  it('gives the bare base64 SPKI of a public key or of a private key’s public half', () => {
    expect(toBareBase64PublicKey(rsa.publicKey)).toBe(rsa.bareBase64Spki)
    expect(toBareBase64PublicKey(rsa.privateKey)).toBe(rsa.bareBase64Spki)
  })

  it('writes PKCS#8 PEM for private keys and SPKI PEM for public keys', () => {
    expect(toPem(rsa.privateKey)).toBe(rsa.pkcs8Pem)
    expect(toPem(rsa.publicKey)).toBe(rsa.spkiPem)
  })
})
