/**
 * One instance of an ISV app, as a process of its own: the Fastify plugin or the Koa middleware,
 * storing tokens in a store (Redis, PostgreSQL or MySQL) shared with the other instances. `GET /token/:authAppId`
 * answers `{token}` from `getToken`, or `{error}` with status 500.
 */
import { type AppRoute, startAdapterApp } from './adapter-app.js'
import { CONFIG_ENV, type FleetInstanceConfig, READY_PREFIX } from './instance-config.js'
import { openSharedStore } from './store-config.js'

const {
  framework,
  store: storeConfig,
  commandTimeoutMs,
  refreshLeaseMs,
  ...app
} = JSON.parse(process.env[CONFIG_ENV] ?? '') as FleetInstanceConfig
const store = await openSharedStore(storeConfig, { commandTimeoutMs, refreshLeaseMs })

const tokenRoute: AppRoute = async (auth, method, path) => {
  const authAppId = /^\/token\/([^/]+)$/.exec(path)?.[1]
  if (method !== 'GET' || authAppId === undefined) return undefined
  try {
    return { status: 200, body: { token: await auth.getToken(authAppId) } }
  } catch (error) {
    return { status: 500, body: { error: String(error) } }
  }
}

const url = await startAdapterApp(framework, { ...app, store }, tokenRoute)
console.log(`${READY_PREFIX}${url}`)
