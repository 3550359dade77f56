import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto'
import { AlipayConfigError, type CertificateModeOptions, parsePublicKey } from '@alipay-isv/core'
import {
  certificateSn,
  publicKeyFromCertificate,
  rootCertificateSn,
  splitPemBundle,
} from '@alipay-isv/core/signer'
import { type Env, keyText, optional } from './env-values.js'

/** How the app checks Alipay's answers: with Alipay's public key, or with certificates. */
export type TrustMode =
  | { mode: 'public-key'; alipayPublicKey: KeyObject }
  | {
      mode: 'certificate'
      certificates: CertificateModeOptions
      /** The SNs Alipay knows the certificates by, for the pages. */
      appCertSn: string
      /** Of the certificates Alipay signs with (not of the CA certificates the file also holds). */
      alipayCertSns: string[]
      alipayRootCertSn: string
    }

const CERT_VARS = ['ALIPAY_APP_CERT', 'ALIPAY_PUBLIC_CERT', 'ALIPAY_ROOT_CERT'] as const
const allThree = 'ALIPAY_APP_CERT, ALIPAY_PUBLIC_CERT and ALIPAY_ROOT_CERT (each also as …_FILE)'

/**
 * Public-key mode (`ALIPAY_PUBLIC_KEY`) or certificate mode (all three certificate variables),
 * as the app is set up in the Alipay console; a partial set or both modes at once is refused,
 * naming the variables.
 */
export function readTrustMode(env: Env, privateKey: KeyObject): TrustMode {
  const given = CERT_VARS.filter((name) => isSet(env, name))
  if (given.length === 0) {
    const { text, from } = keyText(
      env,
      'ALIPAY_PUBLIC_KEY',
      `Alipay’s public key for your app; or, for an app in certificate mode, ${allThree}.`,
    )
    return { mode: 'public-key', alipayPublicKey: parsePublicKey(text, from) }
  }
  if (isSet(env, 'ALIPAY_PUBLIC_KEY')) {
    throw new AlipayConfigError(
      `Both modes are configured: ALIPAY_PUBLIC_KEY selects public-key mode, ${given.join(', ')} certificate mode. Keep the one your app uses in the Alipay console (接口加签方式): unset ALIPAY_PUBLIC_KEY for certificate mode, or the certificate variables for public-key mode.`,
    )
  }
  const missing = CERT_VARS.filter((name) => !given.includes(name))
  if (missing.length > 0) {
    throw new AlipayConfigError(
      `Certificate mode needs all three of ${allThree}; ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set. Download the three .crt files from the Alipay console (see the README).`,
    )
  }
  return certificateMode(env, privateKey)
}

function certificateMode(env: Env, privateKey: KeyObject): TrustMode {
  const app = keyText(env, 'ALIPAY_APP_CERT', 'appCertPublicKey_<app id>.crt.')
  const alipay = keyText(env, 'ALIPAY_PUBLIC_CERT', 'alipayCertPublicKey_RSA2.crt.')
  const root = keyText(env, 'ALIPAY_ROOT_CERT', 'alipayRootCert.crt.')
  const appCertSn = certificateSn(app.text, app.from)
  if (!publicKeyFromCertificate(app.text, app.from).equals(createPublicKey(privateKey))) {
    throw new AlipayConfigError(
      `${app.from} does not hold the public key of ALIPAY_PRIVATE_KEY: give the app certificate issued for this key pair (appCertPublicKey_<app id>.crt).`,
    )
  }
  return {
    mode: 'certificate',
    certificates: { appCert: app.text, alipayPublicCert: alipay.text, alipayRootCert: root.text },
    appCertSn,
    alipayCertSns: signingCertificateSns(alipay.text, alipay.from),
    alipayRootCertSn: rootCertificateSn(root.text, root.from),
  }
}

/** Alipay's file holds its signing certificate(s) and the CA certificate that issued them. */
function signingCertificateSns(bundle: string, from: string): string[] {
  const sns: string[] = []
  for (const pem of splitPemBundle(bundle, from)) {
    const sn = certificateSn(pem, from) // names the variable when a certificate cannot be read
    if (!new X509Certificate(pem).ca) sns.push(sn)
  }
  return sns
}

function isSet(env: Env, name: string): boolean {
  return optional(env, name) !== undefined || optional(env, `${name}_FILE`) !== undefined
}
