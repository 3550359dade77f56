/**
 * An ISV app on Koa: merchants authorize it on Alipay, their tokens are kept in a FileStore (or
 * the Redis, PostgreSQL or MySQL store that ALIPAY_STORE_URL names),
 * /merchants lists them with Refresh, Query and "Call alipay.trade.query" buttons and a health
 * summary, and /metrics serves the same figures to Prometheus. Configured by environment
 * variables (README); `pnpm demo:koa` runs it against the emulator.
 */
import { createServer } from 'node:http'
import * as kit from '@alipay-isv/example-kit'
import { alipayAuth } from '@alipay-isv/koa'
import Koa, { type Context } from 'koa'

const config = kit.configOrExit('example-koa')
// With OTEL_EXPORTER_OTLP_ENDPOINT set, traces and metrics go to your collector (README).
const telemetry = await kit.startTelemetry('example-koa')
const store = await kit.openStoreOrExit('example-koa', config)
const app = new Koa()
app.keys = [config.cookieSecret] // the middleware signs its state cookie with app.keys

const send = (ctx: Context, response: kit.PageResponse) => {
  ctx.status = response.status
  ctx.type = 'html'
  ctx.body = response.html
}

// GET /alipay/authorize, GET /alipay/callback, POST /alipay/notify, and ctx.state.alipayAuth. A
// failed callback is answered to the merchant's browser as an HTML page; for other clients it is
// thrown Koa's way (status, stable `code`, `expose: true`) and Koa answers it as text.
const auth = alipayAuth({
  ...config.alipay,
  store, // ours: closed after the middleware at shutdown
  successRedirect: '/merchants?authorized=1',
  // Invitation links made in the Alipay console come back without state: stored as
  // via: 'invite' unless ALIPAY_INVITES=off.
  invites: config.invites,
  // A failed callback's page speaks to the merchant; with NODE_ENV=development (the demo) it also
  // shows the developer's detail, which the log has either way.
  errorDetail: config.development,
  // Which of your customers an authorization started here is for, read from your own session
  // (e.g. ctx.state.user.tenantId); it lands on every merchant record. The example has no
  // accounts, so it names one customer. Invited merchants come without one.
  context: () => ({ tenantId: 'example-tenant' }),
  onAuthorized: (merchants) => {
    const authAppIds = merchants.map((m) => m.authAppId).join(', ') // one authorization, one `via`
    console.log(`merchants authorized (via ${merchants[0]?.via}): ${authAppIds}`)
  },
})
app.use(auth)

// /merchants, its buttons (Refresh, Query, Call alipay.trade.query) and Re-encrypt tokens over
// the AppAuth; counts every AppAuth event from now on, shown there and served at /metrics.
const merchants = new kit.MerchantsScreen(auth.appAuth, config)

const merchantAction = /^\/merchants\/([^/]+)\/(refresh|query|trade-query)$/
const actions = {
  refresh: (authAppId: string) => merchants.refresh(authAppId),
  query: (authAppId: string) => merchants.query(authAppId),
  'trade-query': (authAppId: string) => merchants.tradeQuery(authAppId),
}

app.use(async (ctx) => {
  if (ctx.method === 'GET' && ctx.path === '/') return send(ctx, await merchants.home())
  if (ctx.method === 'GET' && ctx.path === '/merchants') {
    const { authorized, after } = ctx.query
    return send(
      ctx,
      await merchants.show({
        authorized: Boolean(authorized),
        after: typeof after === 'string' ? after : undefined,
      }),
    )
  }
  if (ctx.method === 'GET' && ctx.path === '/metrics') {
    ctx.type = kit.prometheusContentType
    ctx.body = await merchants.metrics.prometheusText()
    return
  }
  if (ctx.method === 'POST' && ctx.path === '/merchants/reencrypt') {
    return send(ctx, kit.refuseCrossSitePost(ctx.headers) ?? (await merchants.reencrypt()))
  }
  const action = ctx.method === 'POST' ? merchantAction.exec(ctx.path) : null
  if (action) {
    const refusal = kit.refuseCrossSitePost(ctx.headers)
    if (refusal) return send(ctx, refusal)
    const authAppId = kit.decodePathSegment(action[1] ?? '')
    if ('refusal' in authAppId) return send(ctx, authAppId.refusal)
    const { value } = authAppId
    const run = actions[action[2] as keyof typeof actions]
    return send(ctx, await run(value))
  }
  send(ctx, kit.notFoundPage())
})

// Refreshes a crash left unfinished are finished as the app starts, while Alipay still answers
// their spent refresh tokens, not at the first request (when the middleware would); a line
// reports it.
void kit.finishInterruptedRefreshes('example-koa', auth.appAuth)

// A span per request, so that the calls to Alipay it makes show as its children.
const server = createServer(kit.withRequestSpans(app.callback()))
await new Promise<void>((resolve, reject) => {
  server.once('error', reject)
  server.listen(config.port, config.host, resolve)
})
const { port } = server.address() as { port: number }
kit.closeOnSignals('example-koa', async () => {
  await new Promise((resolve) => server.close(resolve))
  await auth.close() // stops its event log and closes the AppAuth it built
  await store.close()
  await telemetry?.close()
})
console.log(`listening on ${kit.baseUrl(config.host, port)}`)
