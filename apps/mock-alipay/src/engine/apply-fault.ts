import { v2ResponseNodeName } from '@alipay-isv/core/signer'
import { connectionResetResponse } from './connection-reset.js'
import { v2BusinessErrorNode } from './error-codes.js'
import type { FaultTarget } from './fault-target.js'
import type { FaultSpec } from './faults.js'
import type { Responder } from './responder.js'

/** Applies a fault around the normal handling `run`. */
export async function applyFault(
  fault: FaultSpec,
  target: FaultTarget,
  responder: Responder,
  run: () => Promise<Response>,
): Promise<Response> {
  switch (fault.kind) {
    case 'latency': {
      const wait = () => new Promise((resolve) => setTimeout(resolve, fault.latency_ms ?? 0))
      if (!fault.after_handling) {
        await wait()
        return run()
      }
      const response = await run()
      await wait()
      return response
    }
    case 'http_error':
      return new Response('Service Unavailable (injected by a mock-alipay fault)', {
        status: fault.status ?? 503,
        headers: { 'content-type': 'text/plain;charset=utf-8' },
      })
    case 'reset':
      return connectionResetResponse()
    case 'garbled': {
      const response = await run()
      const text = await response.text()
      return new Response(text.slice(0, Math.floor(text.length / 2)), {
        status: response.status,
        headers: response.headers,
      })
    }
    case 'bad_signature':
      return corruptSignature(await run(), target)
    case 'business_error':
      return businessError(fault.sub_code ?? 'isv.fault-injected', target, responder)
  }
}

function businessError(subCode: string, target: FaultTarget, responder: Responder): Response {
  const node = v2BusinessErrorNode(subCode)
  if (target.v3)
    return responder.v3(
      400,
      JSON.stringify({ code: subCode, message: node.sub_msg, links: [] }),
      target.certMode,
    )
  const nodeName = target.method ? v2ResponseNodeName(target.method) : 'error_response'
  return responder.v2Signed(nodeName, JSON.stringify(node), target.certMode)
}

/** A valid-looking signature over the wrong bytes: one base64 character changed. */
async function corruptSignature(response: Response, target: FaultTarget): Promise<Response> {
  const headers = new Headers(response.headers)
  if (target.v3) {
    headers.set('alipay-signature', flipFirst(headers.get('alipay-signature') ?? ''))
    return new Response(await response.text(), { status: response.status, headers })
  }
  const body = await response.text()
  const at = body.lastIndexOf('"sign":"') + '"sign":"'.length
  const corrupted = body.slice(0, at) + flipFirst(body.slice(at))
  return new Response(corrupted, { status: response.status, headers })
}

function flipFirst(signature: string): string {
  return (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1)
}
