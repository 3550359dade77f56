import type { AdminContext } from './admin-context.js'
import { describeKeys } from './admin-views.js'
import { FieldError } from './field-error.js'

/**
 * `POST /__admin/keys/rotate {untrusted?}`: Alipay rotates the certificate it signs
 * certificate-mode answers with (docs/protocol.md §5). Answers the new keys view, like `GET
 * /__admin/keys`, plus `previous_alipay_cert_sn`.
 */
export function rotateAlipayCertificate(
  ctx: AdminContext,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const { untrusted } = body
  if (untrusted !== undefined && typeof untrusted !== 'boolean') {
    throw new FieldError(
      'untrusted',
      'untrusted must be true (issue the certificate from a CA no client trusts) or false.',
    )
  }
  const previous = ctx.certificates.current?.sn
  ctx.certificates.rotate({ untrusted: untrusted === true })
  return { ...describeKeys(ctx), previous_alipay_cert_sn: previous, untrusted: untrusted === true }
}
