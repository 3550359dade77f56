import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * Fastify request → web `Request` for `origin` (`http://host:port`) and `target` (path and query),
 * keeping the body byte for byte: the gateway verifies signatures over raw parameter values
 * (docs/protocol.md §3), so nothing may re-encode them on the way.
 */
export function toWebRequest(request: FastifyRequest, origin: string, target: string): Request {
  const headers = new Headers()
  const raw = request.raw.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string)
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  const body = hasBody && Buffer.isBuffer(request.body) ? request.body : undefined
  return new Request(`${origin}${target}`, {
    method: request.method,
    headers,
    body: body === undefined ? undefined : new Uint8Array(body),
  })
}

/** Writes a web `Response` (status, every header including repeated set-cookie, body) to the reply. */
export async function sendWebResponse(reply: FastifyReply, response: Response): Promise<void> {
  reply.code(response.status)
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') reply.header(name, value)
  }
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) reply.header('set-cookie', cookies)
  const body = Buffer.from(await response.arrayBuffer())
  await reply.send(body)
}
