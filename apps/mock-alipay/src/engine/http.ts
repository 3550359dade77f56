/** Reading hostile requests safely: a size cap, and form parameters merged from query and body. */

export type BodyRead = { ok: true; body: string } | { ok: false; detail: string }

/** Reads the body as UTF-8, stopping as soon as it passes `limit` bytes. */
export async function readBody(request: Request, limit: number): Promise<BodyRead> {
  const tooLarge = { ok: false, detail: `the request body is larger than ${limit} bytes` } as const
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > limit) return tooLarge
  if (!request.body) return { ok: true, body: '' }
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      return tooLarge
    }
    chunks.push(value)
  }
  return { ok: true, body: Buffer.concat(chunks).toString('utf8') }
}

export function isFormContentType(request: Request): boolean {
  return mediaType(request) === 'application/x-www-form-urlencoded'
}

export function isJsonContentType(request: Request): boolean {
  return mediaType(request) === 'application/json'
}

/** The content-type without its parameters, lower case; '' when there is none. */
function mediaType(request: Request): string {
  const type = request.headers.get('content-type') ?? ''
  return type.split(';')[0]?.trim().toLowerCase() ?? ''
}

export type MergedParams =
  | { ok: true; params: Record<string, string> }
  | { ok: false; duplicate: string }

/**
 * Merges query and form parameters (docs/protocol.md §3). A name given twice with different values
 * is refused rather than silently picking one, which real clients never do.
 */
export function mergeParams(...sources: URLSearchParams[]): MergedParams {
  // A prototype-less object: parameters named `__proto__` or `constructor` are just names.
  const params: Record<string, string> = Object.create(null)
  for (const source of sources) {
    for (const [name, value] of source) {
      if (Object.hasOwn(params, name) && params[name] !== value)
        return { ok: false, duplicate: name }
      params[name] = value
    }
  }
  return { ok: true, params }
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
  })
}

export function htmlResponse(status: number, html: string): Response {
  return new Response(html, { status, headers: { 'content-type': 'text/html;charset=utf-8' } })
}

/** The path of a request URL; '/' for one that does not parse, so routing never throws. */
export function safePath(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return '/'
  }
}

/** The admin API's paths: `/__admin` and below. */
export function isAdminPath(path: string): boolean {
  return path === '/__admin' || path.startsWith('/__admin/')
}
