/**
 * An ISV app on Fastify: merchants authorize it on Alipay, their tokens are kept in a FileStore (or
 * the Redis, PostgreSQL or MySQL store that ALIPAY_STORE_URL names),
 * /merchants lists them with Refresh, Query and "Call alipay.trade.query" buttons and a health
 * summary, and /metrics serves the same figures to Prometheus. Configured by environment
 * variables (README); `pnpm demo` runs it against the emulator.
 */
import { createServer } from 'node:http'
import * as kit from '@alipay-isv/example-kit'
import alipayAuth from '@alipay-isv/fastify'
import Fastify, { type FastifyReply, type FastifyRequest, LogController } from 'fastify'

const config = kit.configOrExit('example-fastify')
// With OTEL_EXPORTER_OTLP_ENDPOINT set, traces and metrics go to your collector (README).
const telemetry = await kit.startTelemetry('example-fastify')
const store = await kit.openStoreOrExit('example-fastify', config)
// One log line per authorization outcome (the plugin's), without the per-request lines.
const app = Fastify({
  logger: true,
  logController: new LogController({ disableRequestLogging: true }),
  // A span per request, so that the calls to Alipay it makes show as its children.
  serverFactory: (handler) => createServer(kit.withRequestSpans(handler)),
})

// GET /alipay/authorize, GET /alipay/callback, POST /alipay/notify, and app.alipayAuth. A failed
// callback is answered to the merchant's browser as an HTML page, to other clients as JSON.
await app.register(alipayAuth, {
  ...config.alipay,
  store, // ours: closed after the app, below
  cookieSecret: config.cookieSecret,
  successRedirect: '/merchants?authorized=1',
  // Invitation links made in the Alipay console come back without state: stored as
  // via: 'invite' unless ALIPAY_INVITES=off.
  invites: config.invites,
  // A failed callback's page speaks to the merchant; with NODE_ENV=development (the demo) it also
  // shows the developer's detail, which the log has either way.
  errorDetail: config.development,
  // Which of your customers an authorization started here is for, read from your own session
  // (e.g. request.user.tenantId); it lands on every merchant record. The example has no
  // accounts, so it names one customer. Invited merchants come without one.
  context: () => ({ tenantId: 'example-tenant' }),
  onAuthorized: (merchants, request) => {
    const authAppIds = merchants.map((m) => m.authAppId) // one authorization, so one `via`
    request.log.info({ authAppIds, via: merchants[0]?.via }, 'merchants authorized')
  },
})

// /merchants, its buttons (Refresh, Query, Call alipay.trade.query) and Re-encrypt tokens over
// app.alipayAuth; counts every AppAuth event from now on, shown there and served at /metrics.
const merchants = new kit.MerchantsScreen(app.alipayAuth, config, (line) => app.log.warn(line))

const send = (reply: FastifyReply, response: kit.PageResponse) =>
  reply.code(response.status).type('text/html; charset=utf-8').send(response.html)

app.get('/', async (_request, reply) => send(reply, await merchants.home()))

app.get<{ Querystring: { authorized?: string; after?: string } }>(
  '/merchants',
  async (request, reply) => {
    const { authorized, after } = request.query
    // A repeated ?after= arrives as a list: the first page then.
    const from = typeof after === 'string' ? after : undefined
    return send(reply, await merchants.show({ authorized: Boolean(authorized), after: from }))
  },
)

app.get('/metrics', async (_request, reply) =>
  reply.type(kit.prometheusContentType).send(await merchants.metrics.prometheusText()),
)

// The buttons post empty forms; nothing in their body is read.
app.addContentTypeParser('application/x-www-form-urlencoded', (_request, _body, done) =>
  done(null, undefined),
)

type MerchantAction = { Params: { authAppId: string } }
const sameSiteOnly = async (request: FastifyRequest, reply: FastifyReply) => {
  const refusal = kit.refuseCrossSitePost(request.headers)
  if (refusal) return send(reply, refusal)
}

app.post<MerchantAction>(
  '/merchants/:authAppId/refresh',
  { preHandler: sameSiteOnly },
  async (request, reply) => send(reply, await merchants.refresh(request.params.authAppId)),
)

app.post<MerchantAction>(
  '/merchants/:authAppId/query',
  { preHandler: sameSiteOnly },
  async (request, reply) => send(reply, await merchants.query(request.params.authAppId)),
)

app.post<MerchantAction>(
  '/merchants/:authAppId/trade-query',
  { preHandler: sameSiteOnly },
  async (request, reply) => send(reply, await merchants.tradeQuery(request.params.authAppId)),
)

app.post('/merchants/reencrypt', { preHandler: sameSiteOnly }, async (_request, reply) =>
  send(reply, await merchants.reencrypt()),
)

app.setNotFoundHandler((_request, reply) => send(reply, kit.notFoundPage()))

// Refreshes a crash left unfinished are finished as the app starts, while Alipay still answers
// their spent refresh tokens (the plugin would start this pass when ready); a line reports it.
void kit.finishInterruptedRefreshes('example-fastify', app.alipayAuth)

// Fastify logs "Server listening at …" (one line per address on 0.0.0.0) when it listens, at
// info; where the app listens is said once, by the `listening on` line below that the demo and
// the tests read. Its log is quiet while it listens, and logs requests and errors as before.
await app.ready()
const logLevel = app.log.level
app.log.level = 'warn'
await app.listen({ host: config.host, port: config.port }).finally(() => {
  app.log.level = logLevel
})
const { port } = app.server.address() as { port: number }
kit.closeOnSignals('example-fastify', async () => {
  await app.close()
  await store.close()
  await telemetry?.close()
})
console.log(`listening on ${kit.baseUrl(config.host, port)}`)
