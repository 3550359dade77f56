import { AlipayTimeoutError, AlipayTransportError } from '../errors.js'

export interface HttpRequest {
  url: string
  method: string
  headers: Record<string, string>
  body?: string
}

export interface HttpResult {
  status: number
  headers: Headers
  /** The raw body, exactly as received: signatures cover these bytes. */
  body: string
}

/**
 * One HTTP exchange over `fetchImpl`, the body read within the same `timeoutMs`. Failures become
 * `AlipayTimeoutError` or `AlipayTransportError`; `what` names the call in their messages.
 */
export async function sendHttp(
  fetchImpl: typeof fetch,
  request: HttpRequest,
  timeoutMs: number,
  what: string,
): Promise<HttpResult> {
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)
  try {
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
    })
    const body = await response.text()
    return { status: response.status, headers: response.headers, body }
  } catch (error) {
    if (timedOut) {
      throw new AlipayTimeoutError(
        `${what}: no answer from ${origin(request.url)} within ${timeoutMs} ms. It may or may not have been processed; raise timeoutMs if your network is slow.`,
        { cause: error },
      )
    }
    const beforeSend = isConnectionRefused(error)
    throw new AlipayTransportError(
      `${what}: the connection to ${origin(request.url)} failed${beforeSend ? ' (refused; nothing was sent)' : ''}. Check the gateway URL and your network. ${describe(error)}`,
      { cause: error, beforeSend },
    )
  } finally {
    clearTimeout(timer)
  }
}

/** ECONNREFUSED anywhere in the cause chain (undici nests it, sometimes in an AggregateError). */
export function isConnectionRefused(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false
  if ((error as { code?: unknown }).code === 'ECONNREFUSED') return true
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.every((inner) => isConnectionRefused(inner, depth + 1))
  }
  return isConnectionRefused((error as { cause?: unknown }).cause, depth + 1)
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause
  const detail = cause?.code ?? cause?.message ?? (error as Error | null)?.message
  return detail === undefined ? '' : `(${String(detail)})`
}

function origin(url: string): string {
  return new URL(url).origin
}
