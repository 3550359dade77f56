import { type Failure, v2ErrorNode, v3Error } from './engine/error-codes.js'

/**
 * Answers for requests that fail before or outside the engine (body too large, a URL or header
 * that cannot be read, an unexpected exception), in the shape a client of that path expects,
 * never a bare 500.
 */
export interface TransportErrorResponse {
  status: number
  contentType: string
  body: string
}

export interface TransportError {
  code?: string
  statusCode?: number
  message: string
  /** Answer with this status on every path (the v2 gateway otherwise answers errors with 200). */
  httpStatus?: number
}

export function transportErrorResponse(
  path: string,
  error: TransportError,
): TransportErrorResponse {
  const tooLarge = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413
  const failure = describeFailure(error, tooLarge)
  if (path.startsWith('/v3/')) {
    // docs/protocol.md §4: v3 errors are HTTP 4xx/5xx with {code, message, links}.
    const { status, body } = v3Error(failure)
    return json(error.httpStatus ?? (tooLarge ? 413 : status), body)
  }
  if (path.startsWith('/__admin')) {
    const status =
      error.httpStatus ?? (tooLarge ? 413 : failure.kind === 'unknown-error' ? 500 : 400)
    return json(status, {
      error: { field: tooLarge ? 'body' : 'request', message: failure.detail },
    })
  }
  // docs/protocol.md §3: the v2 gateway answers HTTP 200 with an (unsigned) error_response.
  return json(error.httpStatus ?? 200, { error_response: v2ErrorNode(failure) })
}

function describeFailure(error: TransportError, tooLarge: boolean): Failure {
  if (tooLarge) {
    return {
      kind: 'invalid-parameter',
      detail:
        'the request body is larger than the emulator accepts; send a smaller body, or raise the body limit if this is intended',
    }
  }
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) {
    return { kind: 'invalid-parameter', detail: `the request could not be read: ${error.message}` }
  }
  return {
    kind: 'unknown-error',
    detail: `the emulator failed while handling this request (${error.message}); this is a mock-alipay bug, please report it with the request`,
  }
}

function json(status: number, payload: unknown): TransportErrorResponse {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(payload) }
}
