import type { RegisteredApp } from './apps.js'
import type { Authorization } from './authorization.js'
import type { MerchantRecord } from './contract.js'
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
  if (!read.ok) return errorPage(read.detail)
  if (read.body !== '' && !isFormContentType(request))
    return errorPage('the Authorize form must be posted as application/x-www-form-urlencoded')
  const merged = mergeParams(url.searchParams, new URLSearchParams(read.body))
  if (!merged.ok)
    return errorPage(`the parameter ${merged.duplicate} is given twice with different values`)
  const params = merged.params
  const app = state.apps.get(params.app_id ?? '')
  if (!params.app_id) return errorPage('app_id is missing from the authorization URL')
  if (!app)
    return errorPage(
      `app_id ${params.app_id} is not a registered app; register it with POST /__admin/apps`,
    )
  const redirect =
    params[INVITE_PARAM] === undefined
      ? registeredRedirect(app, params.redirect_uri)
      : inviteRedirect(state, params)
  if (!redirect.ok) return errorPage(redirect.problem)
  const problem = applicationTypeProblem(params.application_type)
  if (problem) return errorPage(problem)
  if (request.method !== 'POST')
    return htmlResponse(200, consentForm(url.pathname, app, params, [...state.merchants.values()]))
  const merchant = state.merchants.get(params.user_id ?? '')
  if (!merchant) return errorPage('choose a merchant before pressing Authorize')
  const { redirect_url } = authorization.approve(
    app,
    merchant,
    merchant.auth_app_ids,
    redirect.redirectUri,
    params.state,
  )
  return new Response(null, { status: 302, headers: { location: redirect_url ?? '' } })
}

/** docs/protocol.md §2: redirect_uri must equal the app's registered callback exactly. */
function registeredRedirect(
  app: RegisteredApp,
  redirectUri: string | undefined,
): { ok: true; redirectUri: string } | { ok: false; problem: string } {
  const registered = app.registration.redirect_uri
  const refuse = (problem: string) => ({ ok: false as const, problem })
  if (!redirectUri) return refuse('redirect_uri is missing from the authorization URL')
  if (!registered)
    return refuse(
      `app ${app.registration.app_id} has no redirect_uri registered; register it with POST /__admin/apps`,
    )
  if (redirectUri !== registered)
    return refuse(
      `redirect_uri ${redirectUri} is not the callback registered for app ${app.registration.app_id} (${registered}); they must be equal exactly`,
    )
  return { ok: true, redirectUri }
}

function applicationTypeProblem(types: string | undefined): string | undefined {
  const unknown = types?.split(',').filter((type) => !APPLICATION_TYPES.includes(type.trim()))
  if (!unknown?.length) return undefined
  return `application_type ${unknown.join(',')} is not one of ${APPLICATION_TYPES.join(', ')}`
}

function consentForm(
  path: string,
  app: RegisteredApp,
  params: Record<string, string>,
  merchants: MerchantRecord[],
): string {
  const hidden = CARRIED.filter((name) => params[name] !== undefined)
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params[name] ?? '')}">`)
    .join('\n    ')
  const choices = merchants
    .map((merchant, index) => {
      const id = `merchant-${escapeHtml(merchant.user_id)}`
      const apps = merchant.auth_app_ids.map(escapeHtml).join(', ')
      return `<li><input type="radio" name="user_id" id="${id}" value="${escapeHtml(merchant.user_id)}"${index === 0 ? ' checked' : ''}>
      <label for="${id}">${escapeHtml(merchant.name)} (${escapeHtml(merchant.user_id)}; apps ${apps})</label></li>`
    })
    .join('\n      ')
  return page(
    'Authorize app',
    `<h1>Authorize app ${escapeHtml(app.registration.app_id)}</h1>
  <p>The app asks to call Alipay APIs on behalf of the merchant you choose.</p>
  <form method="post" action="${escapeHtml(path)}" id="consent">
    ${hidden}
    <fieldset><legend>Merchant</legend>
      <ul>
      ${choices}
      </ul>
    </fieldset>
    <button type="submit" id="authorize">Authorize</button>
  </form>`,
  )
}

function errorPage(message: string): Response {
  return htmlResponse(
    400,
    page(
      'Authorization failed',
      `<h1>Authorization failed</h1>\n  <p id="error">${escapeHtml(message)}</p>`,
    ),
  )
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title} · mock-alipay</title></head>
<body>
  ${body}
</body>
</html>
`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
