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

/**
 * What fault matching reads of a request: the API method a fault matches on, and who sent it,
 * read only once a fault fires. Request bodies are read from a clone, so the handler still gets
 * the untouched request.
 */
export interface FaultPeek {
  method: string | undefined
  target: () => Promise<FaultTarget>
}

/** v2's method is a form parameter: one read of the body gives the method and who sent it. */
export async function peekV2(request: Request, maxBodyBytes: number): Promise<FaultPeek> {
  const query = new URL(request.url).searchParams
  const read = isFormContentType(request)
    ? await readBody(request.clone(), maxBodyBytes)
    : undefined
  const form = new URLSearchParams(read?.ok ? read.body : '')
  const param = (name: string) => query.get(name) ?? form.get(name) ?? undefined
  const target: FaultTarget = {
    method: param('method'),
    certMode: Boolean(param('app_cert_sn')),
    v3: false,
    appId: param('app_id'),
    grantType: grantTypeOf(param('biz_content')),
  }
  return { method: target.method, target: async () => target }
}

/** v3's method is its path: the body, read for its grant_type, is read only once a fault fires. */
export function peekV3(
  request: Request,
  method: string | undefined,
  maxBodyBytes: number,
): FaultPeek {
  const target = async (): Promise<FaultTarget> => {
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
  return { method, target }
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
