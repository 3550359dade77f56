import type { KeyObject } from 'node:crypto'
import { AlipayError, parsePublicKey, toPem } from '@alipay-isv/core'
import { aesEncrypt, certificateSn, publicKeyFromCertificate } from '@alipay-isv/core/signer'
import type {
  AppRegistration,
  CertificateAuthority,
  TokenExpiry,
  TokenResponseShape,
} from './contract.js'
import { FieldError } from './field-error.js'

/** A registered ISV app with its key parsed once. */
export interface RegisteredApp {
  /** Normalized: `public_key` always PEM; `app_cert` set in certificate mode. */
  registration: AppRegistration & { public_key: string }
  publicKey: KeyObject
  appCertSn?: string
  shape: TokenResponseShape
  tokenExpiry: TokenExpiry
}

const SHAPES: readonly TokenResponseShape[] = ['tokens', 'flat', 'both']
const EXPIRIES: readonly TokenExpiry[] = ['long_lived', 'enforce']

/**
 * Validates a registration. With a certificate authority and only a public key, issues the app
 * its certificate, so certificate-mode clients can be tested end to end (docs/protocol.md §5).
 */
export function registerApp(
  input: AppRegistration,
  authority: CertificateAuthority | undefined,
): RegisteredApp {
  const appId = requireText(input.app_id, 'app_id')
  optionalText(input.app_name, 'app_name')
  if (input.app_name !== undefined && input.app_name.length > 64)
    throw new FieldError('app_name', 'app_name must be at most 64 characters.')
  optionalText(input.redirect_uri, 'redirect_uri')
  optionalText(input.notify_url, 'notify_url')
  if (input.notify_url !== undefined) requireUrl(input.notify_url, 'notify_url')
  if (input.redirect_uri !== undefined) requireUrl(input.redirect_uri, 'redirect_uri')
  const shape = oneOf(input.token_response_shape ?? 'tokens', SHAPES, 'token_response_shape')
  const tokenExpiry = oneOf(input.token_expiry ?? 'long_lived', EXPIRIES, 'token_expiry')
  if (input.aes_key !== undefined) checkAesKey(input.aes_key)
  const { publicKey, appCert } = appKey(input, appId, authority)
  const registration = {
    ...input,
    app_id: appId,
    public_key: toPem(publicKey),
    token_response_shape: shape,
    token_expiry: tokenExpiry,
  }
  if (appCert === undefined) return { registration, publicKey, shape, tokenExpiry }
  return {
    registration: { ...registration, app_cert: appCert },
    publicKey,
    appCertSn: certificateSn(appCert, 'app_cert'),
    shape,
    tokenExpiry,
  }
}

function oneOf<T extends string>(value: T, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value))
    throw new FieldError(field, `${field} must be one of ${allowed.join(', ')}.`)
  return value
}

function appKey(
  input: AppRegistration,
  appId: string,
  authority: CertificateAuthority | undefined,
): { publicKey: KeyObject; appCert?: string } {
  if (input.app_cert !== undefined) {
    const appCert = requireText(input.app_cert, 'app_cert')
    return {
      publicKey: parseOr('app_cert', () => publicKeyFromCertificate(appCert, 'app_cert')),
      appCert,
    }
  }
  if (input.public_key === undefined) {
    throw new FieldError(
      'public_key',
      'Pass the app’s public key as public_key (PEM or bare base64), or its certificate as app_cert.',
    )
  }
  const publicKey = parseOr('public_key', () =>
    parsePublicKey(requireText(input.public_key, 'public_key'), 'public_key'),
  )
  if (authority === undefined) return { publicKey }
  return { publicKey, appCert: authority.issueAppCert(toPem(publicKey), appId).certPem }
}

function parseOr<T>(field: string, parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    if (error instanceof AlipayError) throw new FieldError(field, error.message)
    throw error
  }
}

function checkAesKey(key: unknown): void {
  if (typeof key !== 'string') throw new FieldError('aes_key', 'aes_key must be a string.')
  parseOr('aes_key', () => aesEncrypt('', key))
}

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new FieldError(field, `${field} is required and must be a non-empty string.`)
  }
  return value.trim()
}

function optionalText(value: unknown, field: string): void {
  if (value !== undefined) requireText(value, field)
}

export function requireUrl(value: string, field: string): void {
  if (!URL.canParse(value))
    throw new FieldError(
      field,
      `${field} must be an absolute URL, e.g. http://127.0.0.1:3000/alipay/callback.`,
    )
}
