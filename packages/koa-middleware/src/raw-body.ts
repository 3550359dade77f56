import { notifyBodyLimit, routeError } from '@alipay-isv/core/adapter'
import type { Context } from 'koa'
import { koaConfigError } from './config-failure.js'

/**
 * The notification exactly as Alipay sent it: its signature covers form-decoded values, so core
 * wants the raw text (docs/protocol.md §7: decode each value exactly once). Reads the request
 * stream itself, so no body parser is needed; when koa-bodyparser ran first, uses its `rawBody`
 * (or, without it, the parsed form it left behind).
 */
export async function readNotifyBody(ctx: Context): Promise<string | Record<string, string>> {
  const request = ctx.request as Context['request'] & { rawBody?: unknown; body?: unknown }
  if (typeof request.rawBody === 'string') return request.rawBody
  if (ctx.req.readableEnded) return parsedForm(request.body)
  const declared = Number(ctx.get('content-length'))
  if (declared > notifyBodyLimit) throw routeError('ALIPAY_NOTIFY_TOO_LARGE')
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > notifyBodyLimit) throw routeError('ALIPAY_NOTIFY_TOO_LARGE')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function parsedForm(body: unknown): Record<string, string> {
  const isForm =
    typeof body === 'object' &&
    body !== null &&
    Object.values(body).every((value) => typeof value === 'string')
  if (isForm) return body as Record<string, string>
  throw koaConfigError(
    'the notify body was read by another middleware and is gone. Mount alipayAuth before your ' +
      'body parser, or use koa-bodyparser, which keeps ctx.request.rawBody.',
  )
}
