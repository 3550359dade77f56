import type { ScenarioWorld } from '@alipay-isv/adapter-scenarios'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'

export interface StartedAuthorization {
  response: LightMyRequestResponse
  /** The consent page URL the plugin redirected to. */
  location: string
  /** `name=value` of the state cookie, ready for a Cookie header. */
  cookieHeader: string
}

/** GET the authorize route through inject() and keep what a browser would keep. */
export async function startAuthorization(
  app: FastifyInstance,
  url = '/alipay/authorize',
  headers: Record<string, string> = {},
): Promise<StartedAuthorization> {
  const response = await app.inject({ method: 'GET', url, headers })
  const cookieHeader = ([] as string[])
    .concat(response.headers['set-cookie'] ?? [])
    .map((line) => line.split(';')[0])
    .join('; ')
  return { response, location: String(response.headers.location), cookieHeader }
}

/** The merchant approves at the consent page and the browser comes back to the callback. */
export async function finishAuthorization(
  app: FastifyInstance,
  world: ScenarioWorld,
  started: StartedAuthorization,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const callback = new URL(await world.consent(started.location))
  return app.inject({
    method: 'GET',
    url: `${callback.pathname}${callback.search}`,
    headers: { cookie: started.cookieHeader, ...headers },
  })
}

/** Alipay POSTs a notification as a form. */
export function injectNotify(
  app: FastifyInstance,
  body: string,
  url = '/alipay/notify',
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: body,
  })
}
