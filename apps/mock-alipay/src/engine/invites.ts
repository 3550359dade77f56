import { randomBytes } from 'node:crypto'
import { knownApp } from './admin-authorize.js'
import type { AdminContext } from './admin-context.js'
import { optionalString } from './admin-input.js'
import { requireUrl } from './apps.js'
import { FieldError } from './field-error.js'
import type { EngineState } from './state.js'

/** The consent page parameter that names an invite. */
export const INVITE_PARAM = 'invite'

/**
 * `POST /__admin/invites` `{app_id, redirect_uri?}` → `{url}`: an invitation link on the emulator's
 * own origin, as Alipay's console hands out (docs/protocol.md §2). It leads to the consent page,
 * and the callback it ends in carries no `state`. Reusable until reset.
 */
export function createInvite(
  ctx: AdminContext,
  body: Record<string, unknown>,
  request: Request,
): { url: string; app_id: string; redirect_uri: string } {
  const app = knownApp(ctx, body)
  const given = optionalString(body, 'redirect_uri')
  if (given !== undefined) requireUrl(given, 'redirect_uri')
  const redirectUri = given ?? app.registration.redirect_uri
  if (redirectUri === undefined)
    throw new FieldError(
      'redirect_uri',
      `App ${app.registration.app_id} has no redirect_uri registered; pass redirect_uri, or register one with POST /__admin/apps.`,
    )
  const invite = { id: randomBytes(12).toString('base64url'), app_id: app.registration.app_id }
  ctx.state.invites.set(invite.id, { ...invite, redirect_uri: redirectUri })
  const query = new URLSearchParams({ app_id: invite.app_id, [INVITE_PARAM]: invite.id })
  const url = `${new URL(request.url).origin}/oauth2/appToAppAuth.htm?${query}`
  return { url, app_id: invite.app_id, redirect_uri: redirectUri }
}

/**
 * The redirect URI an invite stands for, or what is wrong with it. A consent URL naming an invite
 * needs no `redirect_uri`; one it does carry must be the invite's.
 */
export function inviteRedirect(
  state: EngineState,
  params: Record<string, string>,
): { ok: true; redirectUri: string } | { ok: false; problem: string } {
  const invite = state.invites.get(params[INVITE_PARAM] ?? '')
  if (!invite || invite.app_id !== params.app_id)
    return {
      ok: false,
      problem: `this invitation link is not known to the emulator (the emulator was reset, or restarted without --data-dir, or the link was altered); ask for a new one with POST /__admin/invites`,
    }
  if (params.redirect_uri !== undefined && params.redirect_uri !== invite.redirect_uri)
    return {
      ok: false,
      problem: `redirect_uri ${params.redirect_uri} is not the one this invitation was made for (${invite.redirect_uri})`,
    }
  return { ok: true, redirectUri: invite.redirect_uri }
}
