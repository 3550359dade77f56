import { ScenarioBrowser, ScenarioWorld } from '@alipay-isv/adapter-scenarios'
import type { AppAuthOptions } from '@alipay-isv/core'
import Koa from 'koa'
import { afterEach } from 'vitest'
import {
  type AlipayAuthAdapterOptions,
  type AlipayAuthMiddleware,
  alipayAuth,
} from '../../src/index.js'
import { type RecordingLogger, recordingLogger } from './recording-logger.js'
import { type ServedApp, serve } from './serve.js'

export interface KoaTestApp extends ServedApp {
  app: Koa
  world: ScenarioWorld
  browser: ScenarioBrowser
  middleware: AlipayAuthMiddleware
  log: string[]
  /** The same lines with the level each was written at. */
  logEntries: RecordingLogger['entries']
}

export interface KoaTestSetup {
  /** Extra middleware and AppAuth options on top of the fake Alipay's AppAuth options. */
  options?: AlipayAuthAdapterOptions & Partial<AppAuthOptions>
  /** Default `['test cookie secret']`; `undefined` leaves app.keys unset. */
  keys?: string[] | undefined
  /** How the middleware is mounted; default `app.use(middleware)`. */
  mount?: (app: Koa, middleware: AlipayAuthMiddleware) => void
}

/** A Koa app with the middleware, against the shared fake Alipay, on a real port. */
export async function startKoaApp(setup: KoaTestSetup = {}): Promise<KoaTestApp> {
  const world = new ScenarioWorld()
  const logger = recordingLogger()
  const middleware = alipayAuth({ ...world.appAuthOptions(), logger, ...setup.options })
  const app = new Koa()
  if (!('keys' in setup)) app.keys = ['test cookie secret']
  else if (setup.keys) app.keys = setup.keys
  app.silent = true
  const mount = setup.mount ?? ((koa, auth) => koa.use(auth))
  mount(app, middleware)
  const served = await serve(app)
  return {
    ...served,
    app,
    world,
    middleware,
    browser: new ScenarioBrowser(served.baseUrl),
    log: logger.lines,
    logEntries: logger.entries,
  }
}

/** For a test file: a `startKoaApp` whose apps are closed after each test. */
export function startsKoaApps(): (setup?: KoaTestSetup) => Promise<KoaTestApp> {
  const open: KoaTestApp[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((app) => app.close()))
  })
  return async (setup) => {
    const app = await startKoaApp(setup)
    open.push(app)
    return app
  }
}
