import type { RegisteredApp } from './apps.js'
import type { Authorization } from './authorization.js'
import { cancelledPage, consentForm, errorPage } from './consent-html.js'
import { htmlResponse, isFormContentType, mergeParams, readBody } from './http.js'
import { INVITE_PARAM, inviteRedirect } from './invites.js'
import type { EngineState } from './state.js'

const APPLICATION_TYPES = ['MOBILEAPP', 'WEBAPP', 'PUBLICAPP', 'TINYAPP', 'ARAPP']
const CARRIED = ['app_id', 'redirect_uri', 'state', 'application_type', INVITE_PARAM] as const

/**
 * `/oauth2/appToAppAuth.htm` and the batch variant (docs/protocol.md §2): plain HTML a person or a
 * headless browser can use. GET shows the merchants; POST (the Authorize button) redirects with a
 * code.
 */
export async function handleConsentPage(
  request: Request,
  state: EngineState,
  authorization: Authorization,
  maxBodyBytes: number,
): Promise<Response> {
  const url = new URL(request.url)
  const read =
    request.method === 'POST'
      ? await readBody(request, maxBodyBytes)
      : { ok: true as const, body: '' }
  if (!read.ok) return refuse(read.detail)
  if (read.body !== '' && !isFormContentType(request))
    return refuse('the Authorize form must be posted as application/x-www-form-urlencoded')
  const merged = mergeParams(url.searchParams, new URLSearchParams(read.body))
  if (!merged.ok)
    return refuse(`the parameter ${merged.duplicate} is given twice with different values`)
  const params = merged.params
  const app = state.apps.get(params.app_id ?? '')
  if (!params.app_id) return refuse('app_id is missing from the authorization URL')
  if (!app)
    return refuse(
      `app_id ${params.app_id} is not a registered app; register it with POST /__admin/apps`,
    )
  const redirect =
    params[INVITE_PARAM] === undefined
      ? registeredRedirect(app, params.redirect_uri)
      : inviteRedirect(state, params)
  if (!redirect.ok) return refuse(redirect.problem)
  const problem = applicationTypeProblem(params.application_type)
  if (problem) return refuse(problem)
  if (request.method !== 'POST') {
    const carried = Object.fromEntries(
      CARRIED.flatMap((name) => (params[name] === undefined ? [] : [[name, params[name]]])),
    )
    const merchants = [...state.merchants.values()]
    return htmlResponse(
      200,
      consentForm(url.pathname, app, carried, merchants, redirect.redirectUri, {
        apis: state.stubs.methodsFor(app.registration.app_id),
      }),
    )
  }
  // Cancel issues no code and sends the browser nowhere, as Alipay's page does.
  if (params.decision === 'cancel') return htmlResponse(200, cancelledPage(app))
  const merchant = state.merchants.get(params.user_id ?? '')
  if (!merchant) return refuse('choose a merchant before pressing Authorize')
  const { redirect_url } = authorization.approve(app, merchant, merchant.auth_app_ids, {
    redirectUri: redirect.redirectUri,
    state: params.state,
  })
  return new Response(null, { status: 302, headers: { location: redirect_url ?? '' } })
}

/** docs/protocol.md §2: redirect_uri must equal the app's registered callback exactly. */
function registeredRedirect(
  app: RegisteredApp,
  redirectUri: string | undefined,
): { ok: true; redirectUri: string } | { ok: false; problem: string } {
  const registered = app.registration.redirect_uri
  const problem = (text: string) => ({ ok: false as const, problem: text })
  if (!redirectUri) return problem('redirect_uri is missing from the authorization URL')
  if (!registered)
    return problem(
      `app ${app.registration.app_id} has no redirect_uri registered; register it with POST /__admin/apps`,
    )
  if (redirectUri !== registered)
    return problem(
      `redirect_uri ${redirectUri} is not the callback registered for app ${app.registration.app_id} (${registered}); they must be equal exactly`,
    )
  return { ok: true, redirectUri }
}

function applicationTypeProblem(types: string | undefined): string | undefined {
  const unknown = types?.split(',').filter((type) => !APPLICATION_TYPES.includes(type.trim()))
  if (!unknown?.length) return undefined
  return `application_type ${unknown.join(',')} is not one of ${APPLICATION_TYPES.join(', ')}`
}

function refuse(message: string): Response {
  return htmlResponse(400, errorPage(message))
}
