import { createPrivateKey, createPublicKey, KeyObject, X509Certificate } from 'node:crypto'
import { AlipayConfigError } from '../errors.js'

/**
 * A key as users hold it (docs/protocol.md §8): bare base64, PEM text or bytes, or an already
 * parsed KeyObject.
 */
export type KeyInput = string | Buffer | KeyObject

const PRIVATE_FORMS =
  'bare base64 (as Alipay’s console hands it out), PKCS#1 PEM (-----BEGIN RSA PRIVATE KEY-----) or PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)'
const PUBLIC_FORMS =
  'bare base64 (as Alipay’s console hands it out), SPKI PEM (-----BEGIN PUBLIC KEY-----), PKCS#1 PEM (-----BEGIN RSA PUBLIC KEY-----) or a certificate (-----BEGIN CERTIFICATE-----)'

/**
 * Parses an RSA private key in any form of docs/protocol.md §8, once. The key itself never appears
 * in an error.
 */
export function parsePrivateKey(input: KeyInput, optionName = 'privateKey'): KeyObject {
  const key = parseKey(input, optionName, 'private')
  return requireRsa(key, optionName, 'private')
}

/** Parses an RSA public key (Alipay's, or an app's) in any form of docs/protocol.md §8, once. */
export function parsePublicKey(input: KeyInput, optionName = 'alipayPublicKey'): KeyObject {
  const key = parseKey(input, optionName, 'public')
  return requireRsa(key, optionName, 'public')
}

/** The bare base64 SPKI form Alipay's console shows, e.g. to hand a key to another tool. */
export function toBareBase64PublicKey(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
}

export function toPem(key: KeyObject): string {
  return key.type === 'private'
    ? (key.export({ type: 'pkcs8', format: 'pem' }) as string)
    : (key.export({ type: 'spki', format: 'pem' }) as string)
}

function formsFor(kind: 'private' | 'public'): string {
  return kind === 'private' ? PRIVATE_FORMS : PUBLIC_FORMS
}

function parseKey(input: KeyInput, optionName: string, kind: 'private' | 'public'): KeyObject {
  const forms = formsFor(kind)
  if (input instanceof KeyObject) {
    if (input.type === kind) return input
    throw new AlipayConfigError(
      `${optionName} is a ${input.type} KeyObject, but a ${kind} key is needed here: ${forms}.`,
    )
  }
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) {
    throw new AlipayConfigError(
      `${optionName} must be a string, a Buffer or a KeyObject holding an RSA ${kind} key: ${forms}. Got ${describeType(input)}.`,
    )
  }
  const text = (Buffer.isBuffer(input) ? input.toString('utf8') : input).trim()
  if (text === '') {
    throw new AlipayConfigError(`${optionName} is empty. Expected an RSA ${kind} key: ${forms}.`)
  }
  const pemLabel = /^-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1]
  if (pemLabel !== undefined) return parsePem(text, pemLabel, optionName, kind, forms)
  return parseBareBase64(text, optionName, kind, forms)
}

function parsePem(
  pem: string,
  label: string,
  optionName: string,
  kind: 'private' | 'public',
  forms: string,
): KeyObject {
  const isPrivateLabel = label === 'PRIVATE KEY' || label === 'RSA PRIVATE KEY'
  const isPublicLabel =
    label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY' || label === 'CERTIFICATE'
  if (kind === 'private' && !isPrivateLabel) {
    const hint = isPublicLabel ? ' That is a public key: pass your app’s private key here.' : ''
    throw new AlipayConfigError(
      `${optionName} is a PEM "${label}" block; expected ${forms}.${hint}`,
    )
  }
  if (kind === 'public' && !isPublicLabel) {
    const hint = isPrivateLabel
      ? ' That is a private key: pass Alipay’s public key here, never a private key.'
      : ''
    throw new AlipayConfigError(
      `${optionName} is a PEM "${label}" block; expected ${forms}.${hint}`,
    )
  }
  try {
    if (label === 'CERTIFICATE') return new X509Certificate(pem).publicKey
    return kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem)
  } catch {
    throw new AlipayConfigError(
      `${optionName} has a PEM "${label}" header but its content is not a valid key (damaged or truncated?). Expected ${forms}.`,
    )
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

function parseBareBase64(
  text: string,
  optionName: string,
  kind: 'private' | 'public',
  forms: string,
): KeyObject {
  const compact = text.replace(/\s+/g, '')
  if (!BASE64.test(compact) || compact.length % 4 !== 0) {
    throw new AlipayConfigError(
      `${optionName} is neither PEM nor valid base64. Expected ${forms}. Copy the whole key, without quotes or extra characters.`,
    )
  }
  const der = Buffer.from(compact, 'base64')
  // createPublicKey quietly derives a public key from private DER, so rule a private key out first.
  if (kind === 'public' && parseDer(der, 'private')) {
    throw new AlipayConfigError(
      `${optionName} is a private key. Pass Alipay’s public key here (from the Alipay console), never a private key. Expected ${forms}.`,
    )
  }
  const key = parseDer(der, kind)
  if (key) return key
  if (kind === 'private' && parseDer(der, 'public')) {
    throw new AlipayConfigError(
      `${optionName} is a public key. Pass your app’s private key (the one you generated; Alipay never sees it). Expected ${forms}.`,
    )
  }
  throw new AlipayConfigError(
    `${optionName} is base64 but not an RSA ${kind} key (wrong key, or truncated when copied?). Expected ${forms}.`,
  )
}

/** Each attempt parses one DER layout; bare base64 does not say which one it holds. */
const DER_PARSERS = {
  private: [
    (der: Buffer) => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
    (der: Buffer) => createPrivateKey({ key: der, format: 'der', type: 'pkcs1' }),
  ],
  public: [
    (der: Buffer) => createPublicKey({ key: der, format: 'der', type: 'spki' }),
    (der: Buffer) => createPublicKey({ key: der, format: 'der', type: 'pkcs1' }),
  ],
}

function parseDer(der: Buffer, kind: 'private' | 'public'): KeyObject | undefined {
  for (const parse of DER_PARSERS[kind]) {
    try {
      return parse(der)
    } catch {}
  }
  return undefined
}

function requireRsa(key: KeyObject, optionName: string, kind: 'private' | 'public'): KeyObject {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new AlipayConfigError(
      `${optionName} is an ${key.asymmetricKeyType ?? 'unknown'} key; Alipay's RSA2 signing needs an RSA ${kind} key: ${formsFor(kind)}.`,
    )
  }
  return key
}

function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : typeof value
}
