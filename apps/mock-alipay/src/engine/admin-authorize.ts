import { randomInt } from 'node:crypto'
import type { AdminContext } from './admin-context.js'
import { optionalString } from './admin-input.js'
import type { RegisteredApp } from './apps.js'
import { requireText } from './apps.js'
import type { MerchantRecord } from './contract.js'
import { FieldError } from './field-error.js'
import type { EngineState } from './state.js'

/**
 * The consent step without a browser. Answers the code (and where the browser would go), and
 * which merchant and merchant apps were authorized: a merchant it created included.
 */
export function authorize(ctx: AdminContext, body: Record<string, unknown>): unknown {
  const app = knownApp(ctx, body)
  const userId = optionalString(body, 'user_id')
  const authAppId = optionalString(body, 'auth_app_id')
  const redirectUri = optionalString(body, 'redirect_uri') ?? app.registration.redirect_uri
  const merchant = pickMerchant(ctx, userId, authAppId)
  const authAppIds = authAppId ? [authAppId] : merchant.auth_app_ids
  const authMethods = optionalMethods(body)
  const authorized = ctx.authorization.approve(app, merchant, authAppIds, {
    redirectUri,
    state: optionalString(body, 'state'),
    authMethods,
  })
  return {
    ...authorized,
    user_id: merchant.user_id,
    auth_app_ids: authAppIds,
    ...(authMethods && { auth_methods: authMethods }),
  }
}

/** `auth_methods`: the APIs the merchant grants (docs/protocol.md §9). */
function optionalMethods(body: Record<string, unknown>): string[] | undefined {
  const methods = body.auth_methods
  if (methods === undefined || methods === null) return undefined
  if (
    !Array.isArray(methods) ||
    methods.length === 0 ||
    !methods.every((method) => typeof method === 'string' && method.trim() !== '')
  )
    throw new FieldError(
      'auth_methods',
      'auth_methods must be a non-empty array of API names, e.g. ["alipay.trade.query"]; leave it out to grant every API.',
    )
  return [...new Set(methods.map((method: string) => method.trim()))]
}

/**
 * A named merchant (created when new, owning `authAppId` or a generated app), or the first one on
 * the consent page.
 */
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
        'There are no merchants; pass a user_id (2088…) to create one.',
      )
    return first
  }
  const known = ctx.state.merchants.get(userId)
  if (known) return known
  if (!/^2088\d{12}$/.test(userId))
    throw new FieldError('user_id', 'user_id must be a 16-digit Alipay user id starting with 2088.')
  const merchant = {
    user_id: userId,
    name: `Merchant ${userId}`,
    auth_app_ids: [authAppId ?? newAuthAppId(ctx.state)],
  }
  ctx.state.merchants.set(userId, merchant)
  return merchant
}

export function knownApp(ctx: AdminContext, body: Record<string, unknown>): RegisteredApp {
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

/** A 16-digit merchant app id no merchant owns yet, like Alipay's `2021…` app ids. */
function newAuthAppId(state: EngineState): string {
  const owned = new Set([...state.merchants.values()].flatMap((merchant) => merchant.auth_app_ids))
  for (;;) {
    const id = `2021${randomInt(10 ** 11, 10 ** 12)}`
    if (!owned.has(id)) return id
  }
}
