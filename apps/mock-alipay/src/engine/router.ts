import { handleAdmin } from './admin.js'
import type { AdminContext } from './admin-context.js'
import { applyFault } from './apply-fault.js'
import type { Authorization } from './authorization.js'
import { handleConsentPage } from './consent-page.js'
import { v2ErrorNode, v3Error } from './error-codes.js'
import { type FaultPeek, peekV2, peekV3 } from './fault-target.js'
import type { FaultTable } from './faults.js'
import { type GatewayV2Deps, handleGatewayV2 } from './gateway-v2.js'
import { handleGatewayV3 } from './gateway-v3.js'
import { isAdminPath, jsonResponse } from './http.js'
import type { RequestNotes } from './request-log.js'
import { methodOfV3Path } from './stubs.js'

const CONSENT_PATHS = ['/oauth2/appToAppAuth.htm', '/oauth2/appToAppBatchAuth.htm']

export interface Routes {
  admin: AdminContext
  gateway: GatewayV2Deps
  authorization: Authorization
  faults: FaultTable
}

/** Every path the emulator answers; faults apply to the Alipay-shaped API routes only. */
export async function routeRequest(
  request: Request,
  path: string,
  notes: RequestNotes,
  routes: Routes,
): Promise<Response> {
  const { gateway } = routes
  if (isAdminPath(path)) return handleAdmin(request, routes.admin)
  if (CONSENT_PATHS.includes(path))
    return handleConsentPage(request, gateway.state, routes.authorization, gateway.maxBodyBytes)
  if (path === '/gateway.do' && (request.method === 'POST' || request.method === 'GET'))
    return withFaults(
      routes,
      path,
      () => peekV2(request, gateway.maxBodyBytes),
      notes,
      () => handleGatewayV2(request, gateway, notes),
    )
  if (path.startsWith('/v3/')) {
    const method = methodOfV3Path(path)
    return withFaults(
      routes,
      path,
      () => peekV3(request, method, gateway.maxBodyBytes),
      notes,
      () => handleGatewayV3(request, gateway, notes),
    )
  }
  const detail = `mock-alipay has no endpoint ${request.method} ${path}`
  return jsonResponse(404, { error_response: v2ErrorNode({ kind: 'invalid-method', detail }) })
}

/**
 * What a bug inside the engine answers: Alipay's own "service unavailable" (docs/protocol.md §3).
 */
export function unknownError(path: string): Response {
  if (path.startsWith('/v3/')) {
    const { status, body } = v3Error({ kind: 'unknown-error' })
    return jsonResponse(status, body)
  }
  return jsonResponse(200, { error_response: v2ErrorNode({ kind: 'unknown-error' }) })
}

async function withFaults(
  routes: Routes,
  path: string,
  peek: () => FaultPeek | Promise<FaultPeek>,
  notes: RequestNotes,
  run: () => Promise<Response>,
): Promise<Response> {
  // Peeking at the request costs a body clone: only when faults are set.
  if (routes.faults.isEmpty()) return run()
  const peeked = await peek()
  const fault = routes.faults.take(path, peeked.method)
  if (!fault) return run()
  const target = await peeked.target()
  // The handler may never run (an injected HTTP error): the log still says who called what.
  notes.fault = fault.kind
  notes.method = target.method
  notes.app_id = target.appId
  notes.grant_type = target.grantType
  return applyFault(fault, target, routes.gateway.responder, run)
}
