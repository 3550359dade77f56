import { parseV3Authorization } from '@alipay-isv/core/signer'
import { isFormContentType, readBody } from './http.js'

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
