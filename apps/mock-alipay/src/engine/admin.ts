import { authorize, knownApp } from './admin-authorize.js'
import type { AdminContext } from './admin-context.js'
import { optionalNumber, parseFault, readJsonObject } from './admin-input.js'
import { rotateAlipayCertificate } from './admin-rotate.js'
import { deleteStubs } from './admin-stubs.js'
import { describeApp, describeClock, describeKeys } from './admin-views.js'
import { requireText } from './apps.js'
import type { AppRegistration } from './contract.js'
import { FieldError } from './field-error.js'
import { isJsonContentType, jsonResponse } from './http.js'
import { createInvite } from './invites.js'
import { validateMerchant } from './merchants.js'
import { parseStub } from './stub-input.js'

type Handler = (ctx: AdminContext, body: Record<string, unknown>, request: Request) => unknown

/** The admin API under `/__admin` (README "Endpoints"): JSON, snake_case, errors naming the field. */
const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  '/__admin/apps': {
    GET: (ctx) => ({ apps: [...ctx.state.apps.values()].map(describeApp) }),
    POST: (ctx, body) => describeApp(ctx.registerApp(body as unknown as AppRegistration)),
  },
  '/__admin/keys': { GET: (ctx) => describeKeys(ctx) },
  '/__admin/keys/rotate': { POST: rotateAlipayCertificate },
  '/__admin/authorize': { POST: authorize },
  '/__admin/invites': { POST: createInvite },
  '/__admin/clock': {
    GET: (ctx) => describeClock(ctx),
    POST: (ctx, body) => {
      const seconds = optionalNumber(body, 'advance_seconds', 0, 100 * 365 * 24 * 3600)
      if (seconds === undefined)
        throw new FieldError(
          'advance_seconds',
          'advance_seconds is required: how many seconds to move the clock forward.',
        )
      ctx.clock.advance(seconds)
      return describeClock(ctx)
    },
    // Back to the wall clock, e.g. before a demo run that should not inherit the last one's move.
    DELETE: (ctx) => {
      ctx.clock.reset()
      return describeClock(ctx)
    },
  },
  '/__admin/faults': {
    GET: (ctx) => ({ faults: ctx.faults.list() }),
    POST: (ctx, body) => {
      const fault = parseFault(body)
      ctx.faults.add(fault)
      return { fault }
    },
    DELETE: (ctx) => {
      ctx.faults.clear()
      return { faults: [] }
    },
  },
  '/__admin/stubs': {
    GET: (ctx) => ({ stubs: ctx.state.stubs.list() }),
    POST: (ctx, body) => ctx.state.stubs.add(parseStub(body)),
    DELETE: deleteStubs,
  },
  '/__admin/requests': { GET: (ctx) => ({ requests: ctx.log.entries() }) },
  '/__admin/merchants': {
    GET: (ctx) => ({ merchants: [...ctx.state.merchants.values()] }),
    POST: (ctx, body) => {
      const merchant = validateMerchant(body, 'body')
      ctx.state.merchants.set(merchant.user_id, merchant)
      return merchant
    },
  },
  '/__admin/merchants/cancel': {
    POST: (ctx, body) => {
      const app = knownApp(ctx, body)
      const userId = requireText(body.user_id, 'user_id')
      const cancelled = ctx.authorization.cancel(app, userId)
      if (cancelled.length === 0)
        throw new FieldError(
          'user_id',
          `Merchant ${userId} has no authorization of app ${app.registration.app_id} to cancel.`,
          404,
        )
      return { user_id: userId, cancelled_auth_app_ids: cancelled }
    },
  },
  '/__admin/reset': {
    POST: (ctx) => {
      ctx.reset()
      return { reset: true }
    },
  },
}

export async function handleAdmin(request: Request, ctx: AdminContext): Promise<Response> {
  const path = new URL(request.url).pathname.replace(/\/+$/, '')
  const route = ROUTES[path]
  if (!route)
    return adminError(
      404,
      'path',
      `No admin endpoint ${path}. Endpoints: ${Object.keys(ROUTES).join(', ')}.`,
    )
  const handler = route[request.method]
  if (!handler)
    return adminError(
      405,
      'method',
      `${path} takes ${Object.keys(route).join(' or ')}, not ${request.method}.`,
    )
  const write = request.method !== 'GET' && request.method !== 'HEAD'
  if (write && !isJsonContentType(request))
    return adminError(
      415,
      'content-type',
      `${request.method} ${path} needs content-type: application/json, even with an empty body (a web page cannot send that cross-site without a CORS preflight, which the emulator refuses).`,
    )
  try {
    const body = write ? await readJsonObject(request, ctx.maxBodyBytes) : {}
    return jsonResponse(200, handler(ctx, body, request))
  } catch (error) {
    if (error instanceof FieldError) return adminError(error.status, error.field, error.message)
    throw error
  }
}

/** The admin API's JSON error, `{error: {field, message}}`; also the HTTP server's admin refusals. */
export function adminError(
  status: number,
  field: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return jsonResponse(status, { error: { field, message } }, headers)
}
