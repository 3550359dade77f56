import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { AlipayConfigError, parsePrivateKey, parsePublicKey, toPem } from '@alipay-isv/core'
import { publicKeyFromCertificate } from '@alipay-isv/core/signer'
import type { AlipayKeyPair, CertificateAuthority } from './contract.js'

/** Alipay's own key pair: it signs every response and notification. Parsed once. */
export interface AlipayKeys {
  privateKey: KeyObject
  publicKey: KeyObject
  privateKeyPem: string
  publicKeyPem: string
}

export function loadAlipayKeys(pair: AlipayKeyPair | undefined): AlipayKeys {
  if (pair === undefined) return generateAlipayKeys()
  const privateKey = parsePrivateKey(pair.privateKey, 'alipayKeys.privateKey')
  const publicKey = parsePublicKey(pair.publicKey, 'alipayKeys.publicKey')
  if (toPem(publicKey) !== toPem(createPublicKey(privateKey))) {
    throw new AlipayConfigError(
      'alipayKeys.publicKey is not the public half of alipayKeys.privateKey. Pass a matching pair, or omit alipayKeys to have one generated.',
    )
  }
  return describe(privateKey, publicKey)
}

/**
 * RSA-2048 key generation takes ~100 ms: the CLI and `startMockAlipay()` persist the pair to keep
 * startup fast.
 */
export function generateAlipayKeys(): AlipayKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return describe(privateKey, publicKey)
}

function describe(privateKey: KeyObject, publicKey: KeyObject): AlipayKeys {
  return { privateKey, publicKey, privateKeyPem: toPem(privateKey), publicKeyPem: toPem(publicKey) }
}

/** The Alipay certificate must certify the key the engine signs with, or no client could verify. */
export function checkAuthority(authority: CertificateAuthority, keys: AlipayKeys): void {
  const certified = publicKeyFromCertificate(
    authority.alipayCertPem,
    'certificateAuthority.alipayCertPem',
  )
  if (toPem(certified) !== keys.publicKeyPem) {
    throw new AlipayConfigError(
      'certificateAuthority.alipayCertPem does not certify alipayKeys.publicKey. Issue the Alipay certificate for the same key pair you pass as alipayKeys.',
    )
  }
}
