import assert from 'node:assert/strict'
import type { MerchantToken } from '@alipay-isv/core'
import { ScenarioBrowser } from './browser.js'
import type { AdapterHarness, ScenarioAppOptions, StartedApp } from './harness.js'
import { ScenarioWorld } from './world.js'

/** One row of the table: a behaviour every adapter must have. */
export interface AdapterScenario {
  /** A sentence: what the user relies on. */
  name: string
  run(harness: AdapterHarness): Promise<void>
  /** For a scenario sending thousands of requests: the test's time bound, not a claim about speed. */
  timeoutMs?: number
}

export interface ScenarioContext {
  harness: AdapterHarness
  world: ScenarioWorld
  app: StartedApp
  browser: ScenarioBrowser
}

/**
 * Starts the adapter against a fresh world with the options `configure` returns (by default
 * every AppAuth option pointing at the fake Alipay), runs `body`, and always closes the app.
 */
export async function withApp(
  harness: AdapterHarness,
  configure: (world: ScenarioWorld) => ScenarioAppOptions | Promise<ScenarioAppOptions>,
  body: (context: ScenarioContext) => Promise<void>,
): Promise<void> {
  const world = new ScenarioWorld()
  const app = await harness.startApp(await configure(world))
  try {
    await body({ harness, world, app, browser: new ScenarioBrowser(app.baseUrl) })
  } finally {
    await app.close()
  }
}

export const defaults = (world: ScenarioWorld): ScenarioAppOptions => world.appAuthOptions()

/** App options recording each onAuthorized call, with `extra` options on top of the defaults. */
export function recordingOnAuthorized(extra: Partial<ScenarioAppOptions> = {}) {
  const calls: MerchantToken[][] = []
  const options = (world: ScenarioWorld): ScenarioAppOptions => ({
    ...world.appAuthOptions(),
    ...extra,
    onAuthorized: (merchants) => void calls.push(merchants),
  })
  return { calls, options }
}

/** Another browser, with none of `context.browser`'s cookies: a phone, a stranger, an attacker. */
export function freshBrowser(context: ScenarioContext): ScenarioBrowser {
  return new ScenarioBrowser(context.app.baseUrl)
}

/** GET authorize, approve at the fake consent page: the callback URL the browser lands on. */
export async function authorizeAndConsent(
  context: ScenarioContext,
  browser = context.browser,
  authorizePath = '/alipay/authorize',
): Promise<string> {
  const response = await browser.get(authorizePath)
  assert.equal(response.status, 302, `GET ${authorizePath} should redirect to Alipay`)
  return context.world.consent(response.headers.get('location') ?? '')
}

/** The adapter answered a client error with this status and stable code; returns the message. */
export async function assertErrorResponse(
  context: ScenarioContext,
  response: Response,
  status: number,
  code: string,
): Promise<string> {
  assert.equal(response.status, status, `expected ${status} ${code}, got ${response.status}`)
  const error = await context.harness.readError(response)
  assert.equal(error.code, code)
  assert.ok(error.message.length > 0, 'the error should say what happened')
  return error.message
}

/**
 * The JSON both adapters answer a route error with, whatever the app's error handling:
 * `{ statusCode, code, error, message }` (`error` the status's reason phrase, as Fastify's).
 */
export function assertRouteErrorJson(
  text: string,
  expected: { statusCode: number; code: string; error: string },
  what = expected.code,
): void {
  const body = JSON.parse(text) as Record<string, unknown>
  assert.deepEqual(
    { ...body, message: typeof body.message },
    { ...expected, message: 'string' },
    what,
  )
}
