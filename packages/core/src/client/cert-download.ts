import { decodeV2Node, splitV2Response } from '../signer/v2-response.js'
import type { RetryListener } from '../telemetry/call-span.js'
import { type CallContext, optionalText } from './call-context.js'
import { ResponseFields } from './response-fields.js'
import { withRetry } from './retry.js'
import { sendV2, v2NodeError } from './v2-call.js'

/** A downloaded certificate, not yet checked, and the answer that carried it. */
export interface DownloadedCert {
  pem: string
  status: number
  traceId?: string
}

export const CERT_DOWNLOAD_METHOD = 'alipay.open.app.alipaycert.download'

/**
 * `alipay.open.app.alipaycert.download` (docs/protocol.md §5): the PEM text of Alipay's certificate
 * `sn`, sent base64-encoded as `alipay_cert_content`.
 *
 * The answer's own signature is not what makes the certificate trustworthy, and is not checked:
 * it would have to be verified with the very key being fetched, which proves nothing. The
 * certificate is trusted because it chains to the configured root bundle, which the caller checks
 * before using it (`verifyCertificateChain`). This is what Alipay's own SDKs do: the Java SDK
 * (`AbstractAlipayClient.checkResponseCertSign`) parses the download answer without a signature
 * check and then requires `AntCertificationUtil.isTrusted(cert, rootCertContent)`; the .NET SDK's
 * `CheckResponseCertSign` returns early for this method; gopay notes the answer carries no `sign`.
 * The request itself is signed like every other, and is never AES-encrypted (the Java SDK's
 * download request does not ask for encryption).
 */
export async function downloadAlipayCert(
  context: CallContext,
  sn: string,
  onRetry?: RetryListener,
): Promise<DownloadedCert> {
  const plain = { ...context, encryptKey: undefined }
  const http = await withRetry(
    'transient',
    () => sendV2(plain, CERT_DOWNLOAD_METHOD, { alipay_cert_sn: sn }),
    onRetry,
  )
  const node = decodeV2Node(splitV2Response(http.body, CERT_DOWNLOAD_METHOD).content)
  if (optionalText(node.code) !== '10000') {
    throw v2NodeError(node, http, CERT_DOWNLOAD_METHOD, false, [])
  }
  const content = new ResponseFields(node, CERT_DOWNLOAD_METHOD).string('alipay_cert_content')
  return {
    pem: Buffer.from(content, 'base64').toString('utf8'),
    status: http.status,
    traceId: http.headers.get('alipay-trace-id') ?? undefined,
  }
}
