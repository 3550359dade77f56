import { parseV3Authorization, v2ResponseNodeName } from '@alipay-isv/core'
import { connectionResetResponse } from './connection-reset.js'
import { v2BusinessErrorNode } from './error-codes.js'
import type { FaultSpec } from './faults.js'
import { isFormContentType, readBody } from './http.js'
import type { Responder } from './responder.js'

/**
 * Which API method and mode a request is for, read before it is handled, to match faults; and
 * who sent it, for the request log when the fault answers instead of the handler.
 */
export interface FaultTarget {
  method?: string
  certMode: boolean
  v3: boolean
  appId?: string
  grantType?: string
}

/** Reads a clone, so the handler still gets the untouched request. */
export async function peekV2Target(request: Request, maxBodyBytes: number): Promise<FaultTarget> {
  const query = new URL(request.url).searchParams
  const read = isFormContentType(request)
    ? await readBody(request.clone(), maxBodyBytes)
    : undefined
  const form = new URLSearchParams(read?.ok ? read.body : '')
  const param = (name: string) => query.get(name) ?? form.get(name) ?? undefined
  return {
    method: param('method'),
    certMode: Boolean(param('app_cert_sn')),
    v3: false,
    appId: param('app_id'),
    grantType: grantTypeOf(param('biz_content')),
  }
}

export async function peekV3Target(
  request: Request,
  method: string | undefined,
  maxBodyBytes: number,
): Promise<FaultTarget> {
  const auth = parseV3Authorization(request.headers.get('authorization') ?? '')
  const read = request.body ? await readBody(request.clone(), maxBodyBytes) : undefined
  return {
    method,
    certMode: Boolean(auth?.fields.app_cert_sn),
    v3: true,
    appId: auth?.fields.app_id,
    grantType: grantTypeOf(read?.ok ? read.body : undefined),
  }
}

/** `grant_type` of a JSON body or biz_content, when it is plain JSON (not AES-encrypted). */
function grantTypeOf(json: string | undefined): string | undefined {
  if (!json?.includes('grant_type')) return undefined
  try {
    const value: unknown = JSON.parse(json)
    const grantType = (value as { grant_type?: unknown } | null)?.grant_type
    return typeof grantType === 'string' ? grantType : undefined
  } catch {
    return undefined
  }
}

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
