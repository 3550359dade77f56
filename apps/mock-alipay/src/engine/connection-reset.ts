/**
 * The `reset` fault cannot be expressed as a Response: the engine answers with a marked empty
 * Response, and each server recognises it with `isConnectionReset()` and drops the connection
 * (the server destroys the socket; msw answers `HttpResponse.error()`).
 */
const resets = new WeakSet<Response>()

export function connectionResetResponse(): Response {
  const response = new Response(null, { status: 502, headers: { 'x-mock-alipay-fault': 'reset' } })
  resets.add(response)
  return response
}

export function isConnectionReset(response: Response): boolean {
  return resets.has(response)
}
