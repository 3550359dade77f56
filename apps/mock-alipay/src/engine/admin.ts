import { optionalNumber, optionalString, parseFault, readJsonObject } from './admin-input.js'
import type { RegisteredApp } from './apps.js'
import { requireText } from './apps.js'
import type { Authorization } from './authorization.js'
import type { EngineClock } from './clock.js'
import type { AppRegistration, CertificateAuthority, MerchantRecord } from './contract.js'
import type { FaultTable } from './faults.js'
import { FieldError } from './field-error.js'
import { jsonResponse } from './http.js'
import type { AlipayKeys } from './keys.js'
import { validateMerchant } from './merchants.js'
import type { RequestLog } from './request-log.js'
import type { EngineState } from './state.js'

export interface AdminContext {
  state: EngineState
  clock: EngineClock
  faults: FaultTable
  log: RequestLog
  authorization: Authorization
  keys: AlipayKeys
  authority: CertificateAuthority | undefined
  maxBodyBytes: number
  registerApp(input: AppRegistration): RegisteredApp
  reset(): void
}

type Handler = (ctx: AdminContext, body: Record<string, unknown>) => unknown

/** The admin API of DESIGN.md under `/__admin`: JSON, snake_case, errors naming the field. */
const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  '/__admin/apps': {
    GET: (ctx) => ({ apps: [...ctx.state.apps.values()].map(describeApp) }),
    POST: (ctx, body) => describeApp(ctx.registerApp(body as unknown as AppRegistration)),
  },
  '/__admin/keys': { GET: (ctx) => describeKeys(ctx) },
  '/__admin/authorize': { POST: authorize },
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
  try {
    const body = request.method === 'POST' ? await readJsonObject(request, ctx.maxBodyBytes) : {}
    return jsonResponse(200, handler(ctx, body))
  } catch (error) {
    if (error instanceof FieldError) return adminError(error.status, error.field, error.message)
    throw error
  }
}

function adminError(status: number, field: string, message: string): Response {
  return jsonResponse(status, { error: { field, message } })
}

/** The consent step without a browser. */
function authorize(ctx: AdminContext, body: Record<string, unknown>): unknown {
  const app = knownApp(ctx, body)
  const userId = optionalString(body, 'user_id')
  const authAppId = optionalString(body, 'auth_app_id')
  const redirectUri = optionalString(body, 'redirect_uri') ?? app.registration.redirect_uri
  const merchant = pickMerchant(ctx, userId, authAppId)
  return ctx.authorization.approve(
    app,
    merchant,
    authAppId ? [authAppId] : merchant.auth_app_ids,
    redirectUri,
    optionalString(body, 'state'),
  )
}

/** A named merchant (created when new), or the first on the consent page. */
function pickMerchant(
  ctx: AdminContext,
  userId: string | undefined,
  authAppId: string | undefined,
): MerchantRecord {
  if (userId === undefined) {
    const first = ctx.state.merchants.values().next().value
    if (!first)
      throw new FieldError(
        'user_id',
        'There are no merchants; pass user_id and auth_app_id to create one.',
      )
    return first
  }
  const known = ctx.state.merchants.get(userId)
  if (known) return known
  if (authAppId === undefined)
    throw new FieldError(
      'auth_app_id',
      `Merchant ${userId} is unknown; pass auth_app_id too to create it.`,
    )
  if (!/^2088\d{12}$/.test(userId))
    throw new FieldError('user_id', 'user_id must be a 16-digit Alipay user id starting with 2088.')
  const merchant = { user_id: userId, name: `Merchant ${userId}`, auth_app_ids: [authAppId] }
  ctx.state.merchants.set(userId, merchant)
  return merchant
}

function knownApp(ctx: AdminContext, body: Record<string, unknown>): RegisteredApp {
  const appId = requireText(body.app_id, 'app_id')
  const app = ctx.state.apps.get(appId)
  if (!app)
    throw new FieldError(
      'app_id',
      `App ${appId} is not registered; register it with POST /__admin/apps first.`,
      404,
    )
  return app
}

function describeApp(app: RegisteredApp): Record<string, unknown> {
  const { aes_key: _secret, ...registration } = app.registration
  return { ...registration, app_cert_sn: app.appCertSn, aes: _secret !== undefined }
}

function describeKeys(ctx: AdminContext): Record<string, unknown> {
  const keys: Record<string, unknown> = { alipay_public_key: ctx.keys.publicKeyPem }
  if (!ctx.authority) return keys
  return {
    ...keys,
    alipay_root_cert: ctx.authority.rootCertPem,
    alipay_public_cert: ctx.authority.alipayCertPem,
    alipay_root_cert_sn: ctx.authority.rootCertSn,
    alipay_cert_sn: ctx.authority.alipayCertSn,
  }
}

function describeClock(ctx: AdminContext): Record<string, unknown> {
  return {
    now: ctx.clock.now(),
    china_time: ctx.clock.chinaTime(),
    offset_seconds: ctx.clock.offsetMs / 1000,
  }
}
