import { AlipaySignatureError } from '../errors.js'
import { decodeV2Node, PUBLIC_KEY_ADVICE, splitV2Response } from '../signer/v2-response.js'
import { type CallContext, optionalText, parseJsonObject } from './call-context.js'

const CERTIFICATE_ADVICE =
  "Check the certificates: alipayPublicCert and alipayRootCert must be Alipay's, as the Alipay console offers them for this app, and appCert the app certificate uploaded there now (after a certificate change in the console, download all three again)."

const isCertificateMode = (context: CallContext) => context.credentials.appCertSn !== undefined

/** What to check when an answer does not verify, in the terms the client is configured in. */
export function keyAdvice(context: CallContext): string {
  return isCertificateMode(context) ? CERTIFICATE_ADVICE : PUBLIC_KEY_ADVICE
}

/**
 * An answer that fails verification is not used. The error code it carries is not secret, though,
 * and often says why: after the app's certificate changed in the console, Alipay refuses with
 * `isv.app-cert-not-exist`, signed with a certificate the client cannot check. So the code goes
 * into the message and `unverifiedCode`, to be read; nothing acts on it. Other errors pass as they
 * are.
 */
export function explainUntrusted(
  error: unknown,
  context: CallContext,
  unverifiedCode: string | undefined,
): unknown {
  if (!(error instanceof AlipaySignatureError)) return error
  const named =
    unverifiedCode === undefined
      ? ''
      : ` Unverified, Alipay's answer names the error ${unverifiedCode} (shown to help; nothing acts on it).`
  return new AlipaySignatureError(`${error.message}${named}`, {
    rawBody: error.rawBody,
    httpStatus: error.httpStatus,
    traceId: error.traceId,
    cause: error.cause,
    keyOptions: isCertificateMode(context)
      ? 'appCert, alipayPublicCert and alipayRootCert'
      : 'alipayPublicKey',
    unverifiedCode,
  })
}

/** The `sub_code` (else `code`, other than success) of a v2 answer, read without trusting it. */
export function unverifiedV2Code(body: string, method: string): string | undefined {
  try {
    const node = decodeV2Node(splitV2Response(body, method).content)
    return errorCode(optionalText(node.sub_code) ?? optionalText(node.code))
  } catch {
    return undefined
  }
}

/** The `code` of a v3 answer, read without trusting it. */
export function unverifiedV3Code(body: string): string | undefined {
  return errorCode(optionalText(parseJsonObject(body)?.code))
}

/** Only what looks like a code: short, plain, and not success. */
function errorCode(code: string | undefined): string | undefined {
  return code !== undefined && code !== '10000' && /^[\w.-]{1,64}$/.test(code) ? code : undefined
}
