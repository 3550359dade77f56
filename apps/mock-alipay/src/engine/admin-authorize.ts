import type { AdminContext } from './admin-context.js'
import { optionalString } from './admin-input.js'
import type { RegisteredApp } from './apps.js'
import { requireText } from './apps.js'
import type { MerchantRecord } from './contract.js'
import { FieldError } from './field-error.js'

/** The consent step without a browser. */
export function authorize(ctx: AdminContext, body: Record<string, unknown>): unknown {
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
