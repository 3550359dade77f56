import type { AlipayCertificates } from './alipay-certificates.js'
import type { Outcome } from './token-service.js'

export const CERT_DOWNLOAD_METHOD = 'alipay.open.app.alipaycert.download'

/**
 * `alipay.open.app.alipaycert.download` (docs/protocol.md §5): any certificate the emulator ever
 * signed with, by SN, base64 of its PEM as `alipay_cert_content`. The gateway sends this answer
 * unsigned, as Alipay's does: clients trust the certificate by its chain, not by the answer.
 */
export function downloadCertificate(
  certificates: AlipayCertificates,
  biz: Record<string, unknown>,
): Outcome<Record<string, unknown>> {
  const sn = biz.alipay_cert_sn
  if (typeof sn !== 'string' || sn === '') {
    return {
      ok: false,
      failure: { kind: 'invalid-parameter', detail: 'alipay_cert_sn is missing or not a string' },
    }
  }
  const certPem = certificates.certificate(sn)
  if (certPem === undefined) {
    return {
      ok: false,
      failure: {
        kind: 'invalid-parameter',
        detail: `the emulator never signed with a certificate of alipay_cert_sn ${sn}`,
      },
    }
  }
  return {
    ok: true,
    value: { alipay_cert_content: Buffer.from(certPem, 'utf8').toString('base64') },
  }
}
