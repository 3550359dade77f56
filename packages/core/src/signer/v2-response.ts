import type { KeyObject } from 'node:crypto'
import { AlipayResponseError, AlipaySignatureError } from '../errors.js'
import { aesDecrypt } from './aes.js'
import { readJsonString, scanTopLevelMembers } from './json-scan.js'
import { type SignType, signContent, verifyContent } from './rsa.js'

/** What to check, in public-key mode, when an answer of Alipay's does not verify. */
export const PUBLIC_KEY_ADVICE =
  "Check that alipayPublicKey is Alipay's public key for this app (shown in the Alipay console next to your app's public key), not your own app's public key."

/** `alipay.open.auth.token.app` → `alipay_open_auth_token_app_response`. */
export function v2ResponseNodeName(method: string): string {
  return `${method.replaceAll('.', '_')}_response`
}

interface V2ResponseParts {
  /** `<method>_response`, or `error_response` when the method's node is absent. */
  nodeName: string
  /** The node's raw text as it stands in the body: the signed content (docs/protocol.md §3). */
  content: string
  /** The top-level `sign`, when present. */
  sign?: string
  /** The top-level `alipay_cert_sn` (certificate mode): which Alipay key signed. */
  alipayCertSn?: string
}

/**
 * Splits a v2 response body into its signed node, `sign` and `alipay_cert_sn` (docs/protocol.md §3
 * steps 1–3).
 */
export function splitV2Response(body: string, method: string): V2ResponseParts {
  const scan = scanTopLevelMembers(body)
  if (!scan.ok) {
    throw new AlipayResponseError(
      `Alipay's response to ${method} is not valid JSON (${scan.reason}). Nothing in it was used; retry, and check the gateway URL if it persists.`,
      { rawBody: body },
    )
  }
  const methodNode = v2ResponseNodeName(method)
  const nodeName = scan.members.has(methodNode) ? methodNode : 'error_response'
  const node = scan.members.get(nodeName)
  if (!node) {
    throw new AlipayResponseError(
      `Alipay's response to ${method} has neither "${methodNode}" nor "error_response". Check that the gateway URL points at Alipay's gateway.do.`,
      { rawBody: body },
    )
  }
  return {
    nodeName,
    content: node,
    sign: readSign(scan.members.get('sign')),
    alipayCertSn: readString(scan.members.get('alipay_cert_sn')),
  }
}

/** docs/protocol.md §3 steps 4–5: verify over the raw node, retrying once with `\/` unescaped. */
function verifyV2ResponseContent(
  content: string,
  signature: string,
  alipayPublicKey: KeyObject,
  signType: SignType = 'RSA2',
): boolean {
  if (verifyContent(content, signature, alipayPublicKey, signType)) return true
  return (
    content.includes('\\/') &&
    verifyContent(content.replaceAll('\\/', '/'), signature, alipayPublicKey, signType)
  )
}

/**
 * Parses a node's content; an AES node (a JSON string) is decrypted first (docs/protocol.md §6).
 */
export function decodeV2Node(
  content: string,
  encryptKey?: string | Buffer,
): Record<string, unknown> {
  let text = content
  if (content.startsWith('"')) {
    if (encryptKey === undefined) {
      throw new AlipayResponseError(
        'Alipay sent an AES-encrypted response node, but no encryptKey is configured. Set encryptKey to the AES key from the Alipay console.',
      )
    }
    text = aesDecrypt(JSON.parse(content) as string, encryptKey)
  }
  const data: unknown = JSON.parse(text)
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new AlipayResponseError('Alipay’s response node is not a JSON object.', {
      rawBody: content,
    })
  }
  return data as Record<string, unknown>
}

export interface OpenedV2Response {
  nodeName: string
  data: Record<string, unknown>
  /** True when `sign` verified. False only for a node that carried no `sign` at all. */
  verified: boolean
  alipayCertSn?: string
  /** The exact string that was verified. */
  signedContent: string
}

export interface OpenV2ResponseOptions {
  /** Alipay's key, or (certificate mode) a lookup by the response's `alipay_cert_sn`. */
  alipayPublicKey: KeyObject | ((alipayCertSn: string | undefined) => KeyObject | undefined)
  encryptKey?: string | Buffer
  signType?: SignType
  /** What to check when the signature does not verify; by default, alipayPublicKey. */
  keyAdvice?: string
}

/**
 * Splits, verifies and decodes a v2 response. A `sign` that does not verify throws
 * `AlipaySignatureError`; a node with no `sign` comes back with `verified: false` and must only
 * ever be treated as an error (docs/protocol.md §3).
 */
export function openV2Response(
  body: string,
  method: string,
  options: OpenV2ResponseOptions,
): OpenedV2Response {
  const parts = splitV2Response(body, method)
  if (parts.sign === undefined) return opened(parts, options, false)
  const key =
    typeof options.alipayPublicKey === 'function'
      ? options.alipayPublicKey(parts.alipayCertSn)
      : options.alipayPublicKey
  if (!key) {
    throw new AlipaySignatureError(
      `Alipay signed the response to ${method} with certificate ${parts.alipayCertSn ?? '(none named)'}, which is not among the configured Alipay certificates. Download Alipay's current public key certificate and configure it as alipayPublicCert.`,
      { rawBody: body },
    )
  }
  if (!verifyV2ResponseContent(parts.content, parts.sign, key, options.signType)) {
    throw new AlipaySignatureError(
      `The signature of Alipay's response to ${method} does not verify. ${options.keyAdvice ?? PUBLIC_KEY_ADVICE} Nothing in the response was used. Verified content: ${parts.content.slice(0, 500)}`,
      { rawBody: body },
    )
  }
  return opened(parts, options, true)
}

function opened(
  parts: V2ResponseParts,
  options: OpenV2ResponseOptions,
  verified: boolean,
): OpenedV2Response {
  return {
    nodeName: parts.nodeName,
    data: decodeV2Node(parts.content, options.encryptKey),
    verified,
    alipayCertSn: parts.alipayCertSn,
    signedContent: parts.content,
  }
}

/**
 * Builds a v2 response body the way Alipay's gateway does (emulator side): the node, then `sign`
 * over its exact text, and `alipay_cert_sn` in certificate mode.
 */
export function buildV2ResponseBody(
  nodeName: string,
  nodeContent: string,
  alipayPrivateKey: KeyObject,
  options: { alipayCertSn?: string; signType?: SignType } = {},
): string {
  const sign = signContent(nodeContent, alipayPrivateKey, options.signType)
  const certSn = options.alipayCertSn
    ? `,"alipay_cert_sn":${JSON.stringify(options.alipayCertSn)}`
    : ''
  return `{${JSON.stringify(nodeName)}:${nodeContent}${certSn},"sign":${JSON.stringify(sign)}}`
}

/** A `sign` that is present but not a string is a bad signature, never a missing one. */
function readSign(raw: string | undefined): string | undefined {
  return raw === undefined ? undefined : (readString(raw) ?? '')
}

function readString(raw: string | undefined): string | undefined {
  if (raw === undefined || !raw.startsWith('"')) return undefined
  try {
    return readJsonString(raw)
  } catch {
    return undefined
  }
}
