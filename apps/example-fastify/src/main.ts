/**
 * An ISV app on Fastify: merchants authorize it on Alipay, their tokens are kept in a FileStore,
 * and /merchants lists them with Refresh and Query buttons. Configured by environment variables
 * (README); `pnpm demo` runs it against the emulator.
 */
import { FileStore } from '@alipay-isv/core'
import {
  baseUrl,
  closeOnSignals,
  configOrExit,
  errorPage,
  homePage,
  isCrossSitePost,
  merchantsPage,
  type PageResponse,
  queryAction,
  refreshAction,
} from '@alipay-isv/example-kit'
import alipayAuth from '@alipay-isv/fastify'
import Fastify, { type FastifyReply, LogController } from 'fastify'

const config = configOrExit('example-fastify')
const store = await FileStore.open({ dir: config.dataDir })
// One log line per authorization outcome (the plugin's), without the per-request lines.
const app = Fastify({
  logger: true,
  logController: new LogController({ disableRequestLogging: true }),
})

// The plugin answers its callback errors as JSON ({ statusCode, code, message }); people arrive
// there in a browser, so this app shows them as its error page.
app.addHook('onSend', async (_request, reply, payload) => {
  const type = String(reply.getHeader('content-type') ?? '')
  if (reply.statusCode < 400 || !type.startsWith('application/json')) return payload
  const body = JSON.parse(String(payload)) as { code?: string; message?: string }
  if (!body.code?.startsWith('ALIPAY_')) return payload
  reply.type('text/html; charset=utf-8')
  return errorPage(reply.statusCode, body.code, body.message ?? '').html
})

// GET /alipay/authorize, GET /alipay/callback, POST /alipay/notify, and app.alipayAuth.
await app.register(alipayAuth, {
  ...config.alipay,
  store, // closed by the plugin when the app closes
  cookieSecret: config.cookieSecret,
  successRedirect: '/merchants?authorized=1',
  onAuthorized: (merchants, request) => {
    request.log.info({ authAppIds: merchants.map((m) => m.authAppId) }, 'merchants authorized')
  },
})

const send = (reply: FastifyReply, response: PageResponse) =>
  reply.code(response.status).type('text/html; charset=utf-8').send(response.html)

app.get('/', async (_request, reply) => send(reply, homePage(config)))

app.get<{ Querystring: { authorized?: string } }>('/merchants', async (request, reply) => {
  const notice = request.query.authorized ? 'Authorization complete.' : undefined
  return send(reply, merchantsPage(await app.alipayAuth.listMerchants(), notice))
})

// The buttons post empty forms; nothing in their body is read.
app.addContentTypeParser('application/x-www-form-urlencoded', (_request, _body, done) =>
  done(null, undefined),
)

type MerchantAction = { Params: { authAppId: string } }
const sameSiteOnly = async (request: { headers: Record<string, unknown> }, reply: FastifyReply) => {
  if (isCrossSitePost(request.headers as Parameters<typeof isCrossSitePost>[0])) {
    return send(
      reply,
      errorPage(403, 'CROSS_SITE_REQUEST', 'This form must be sent from this app.'),
    )
  }
}

app.post<MerchantAction>(
  '/merchants/:authAppId/refresh',
  { preHandler: sameSiteOnly },
  async (request, reply) =>
    send(reply, await refreshAction(app.alipayAuth, request.params.authAppId)),
)

app.post<MerchantAction>(
  '/merchants/:authAppId/query',
  { preHandler: sameSiteOnly },
  async (request, reply) =>
    send(reply, await queryAction(app.alipayAuth, request.params.authAppId)),
)

await app.listen({ host: config.host, port: config.port })
const { port } = app.server.address() as { port: number }
closeOnSignals('example-fastify', () => app.close())
console.log(`listening on ${baseUrl(config.host, port)}`)
