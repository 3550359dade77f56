import { isSignType } from '@alipay-isv/core/signer'
import type { RegisteredApp } from './apps.js'
import type { CertificateAuthority } from './contract.js'
import type { Failure } from './error-codes.js'

const REQUIRED_V2: [string, Failure['kind']][] = [
  ['sign', 'missing-signature'],
  ['sign_type', 'missing-signature-type'],
  ['timestamp', 'missing-timestamp'],
  ['version', 'missing-version'],
]

/**
 * docs/protocol.md §3 common parameters of a request already attributed to an app (`timestamp`
 * present; its value is checkTimestamp's).
 */
export function checkV2Common(params: Record<string, string>): Failure | undefined {
  for (const [name, kind] of REQUIRED_V2) {
    if (!params[name]) return { kind, detail: `the request has no ${name}` }
  }
  if (!isSignType(params.sign_type)) {
    return {
      kind: 'invalid-signature-type',
      detail: `sign_type must be RSA2 (or legacy RSA), got ${params.sign_type}`,
    }
  }
  return undefined
}

/**
 * docs/protocol.md §5: a request naming `app_cert_sn` must name this app's certificate and Alipay's
 * root.
 */
export function checkCertificates(
  app: RegisteredApp,
  appCertSn: string,
  rootCertSn: string | undefined,
  authority: CertificateAuthority | undefined,
): Failure | undefined {
  if (!authority || app.appCertSn === undefined) {
    return {
      kind: 'app-cert-not-exist',
      detail: `app ${app.registration.app_id} has no certificate registered with the emulator; register it in certificate mode or send no app_cert_sn`,
    }
  }
  if (app.appCertSn !== appCertSn) {
    return {
      kind: 'app-cert-not-exist',
      detail: `app_cert_sn ${appCertSn} is not the SN of app ${app.registration.app_id}'s certificate (${app.appCertSn})`,
    }
  }
  if (rootCertSn !== authority.rootCertSn) {
    return {
      kind: 'invalid-parameter',
      detail: `alipay_root_cert_sn ${rootCertSn ?? '(missing)'} does not match the emulator's root certificate bundle (${authority.rootCertSn}); download the root certificate from GET /__admin/keys`,
    }
  }
  return undefined
}
