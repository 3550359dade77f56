import { type AdapterHarness, adapterScenarios } from '@alipay-isv/adapter-scenarios'
import type { AppAuth } from '@alipay-isv/core'
import Koa from 'koa'
import Koa2 from 'koa2'
import { describe, it } from 'vitest'
import * as koaPackage from '../src/index.js'
import { alipayAuth } from '../src/index.js'
import { recordingLogger } from './support/recording-logger.js'
import { serve } from './support/serve.js'

/** The shared adapter table, run on a real port, the middleware alone (no error handling of the app's). */
const koaHarness = (KoaApplication: typeof Koa): AdapterHarness => ({
  packageName: '@alipay-isv/koa',
  packageExports: koaPackage,
  async startApp(options) {
    const middleware = alipayAuth({ ...options, logger: recordingLogger() })
    const app = new KoaApplication({ keys: ['scenario cookie secret'] })
    app.silent = true
    app.use(middleware)
    return { ...(await serve(app)), appAuth: middleware.appAuth }
  },
  async startApps(apps) {
    const app = new KoaApplication({ keys: ['scenario cookie secret'] })
    app.silent = true
    const middlewares = apps.map(({ name, options }) =>
      alipayAuth({ ...options, stateKey: name, logger: recordingLogger() }, app),
    )
    for (const middleware of middlewares) app.use(middleware)
    const context = app.context as unknown as Record<string, AppAuth>
    return { ...(await serve(app)), appAuths: apps.map(({ name }) => context[name] as AppAuth) }
  },
  readError: async (response) => (await response.json()) as { code: string; message: string },
})

// The peer range is `^2 || ^3`: both majors run the whole table.
describe.each([
  ['3', Koa],
  ['2', Koa2],
])('the shared adapter scenarios, on Koa %s', (_major, KoaApplication) => {
  const harness = koaHarness(KoaApplication)
  for (const scenario of adapterScenarios) {
    it(scenario.name, () => scenario.run(harness))
  }
})
