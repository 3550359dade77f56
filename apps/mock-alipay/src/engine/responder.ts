import { randomBytes } from 'node:crypto'
import { buildV2ResponseBody, signV3Response } from '@alipay-isv/core/signer'
import type { AlipayCertificates } from './alipay-certificates.js'
import type { EngineClock } from './clock.js'

/**
 * Signs what the emulator answers: v2 node signatures (docs/protocol.md §3) and v3 headers
 * (docs/protocol.md §4).
 */
export class Responder {
  constructor(
    private readonly certificates: AlipayCertificates,
    private readonly clock: EngineClock,
  ) {}

  /** `nodeContent` is the node's exact JSON text (an object, or a quoted AES ciphertext). */
  v2Signed(nodeName: string, nodeContent: string, certMode: boolean): Response {
    const { privateKey, alipayCertSn } = this.certificates.signer(certMode)
    const body = buildV2ResponseBody(nodeName, nodeContent, privateKey, { alipayCertSn })
    return this.v2Body(body)
  }

  /** An answer Alipay does not sign (`alipay.open.app.alipaycert.download`): the node alone. */
  v2UnsignedNode(nodeName: string, nodeContent: string): Response {
    return this.v2Body(`{${JSON.stringify(nodeName)}:${nodeContent}}`)
  }

  /** For requests that cannot be attributed to an app, like the real gateway: no signature. */
  v2Unsigned(node: object): Response {
    return this.v2Body(JSON.stringify({ error_response: node }))
  }

  v3(
    status: number,
    body: string,
    certMode: boolean,
    contentType = 'application/json;charset=utf-8',
  ): Response {
    const { privateKey, alipayCertSn } = this.certificates.signer(certMode)
    const timestamp = String(this.clock.now())
    const nonce = randomBytes(16).toString('hex')
    const headers: Record<string, string> = {
      'content-type': contentType,
      'alipay-timestamp': timestamp,
      'alipay-nonce': nonce,
      'alipay-signature': signV3Response(timestamp, nonce, body, privateKey),
      'alipay-trace-id': traceId(),
    }
    if (alipayCertSn) headers['alipay-sn'] = alipayCertSn
    return new Response(body, { status, headers })
  }

  private v2Body(body: string): Response {
    return new Response(body, {
      status: 200,
      headers: { 'content-type': 'application/json;charset=utf-8', 'alipay-trace-id': traceId() },
    })
  }
}

export function traceId(): string {
  return randomBytes(12).toString('hex')
}
