import { AppAuth, type AppAuthOptions, toPem } from '@alipay-isv/core'
import { createCookieSigner, verifiedBindings } from '@alipay-isv/core/adapter'
import { testKeyPair } from '@alipay-isv/core/testing'
import { MockAlipayEngine } from '@alipay-isv/mock-alipay'
import Fastify, { type FastifyInstance } from 'fastify'
import alipayAuth from '../../packages/fastify-plugin/src/index.js'
import type { BenchResult } from './types.js'

const CALLBACKS_PER_ROUND = 200
const WARM_UP_CALLBACKS = 50
const ROUNDS = 2
const CONCURRENCY = 16
const APP_ID = '2021000000000088'
const REDIRECT_URI = 'http://127.0.0.1/alipay/callback'
const COOKIE_SECRET = 'bench-cookie-secret-0123456789-abcdefgh'
const signer = createCookieSigner(COOKIE_SECRET)

/**
 * Authorization callbacks per second through the Fastify plugin (inject(), emulator engine
 * in-process as the injected fetch: each callback is one code exchange, signed and verified
 * both ways), against a bare Fastify route making the same core calls. States and codes are
 * issued before the clock starts; rounds alternate so both sides see the same machine state.
 */
export async function run(): Promise<BenchResult[]> {
  const alipay = testKeyPair('alipay')
  const engine = new MockAlipayEngine({
    alipayKeys: { privateKey: toPem(alipay.privateKey), publicKey: toPem(alipay.publicKey) },
  })
  const keys = testKeyPair('app')
  engine.registerApp({
    app_id: APP_ID,
    public_key: toPem(keys.publicKey),
    redirect_uri: REDIRECT_URI,
  })
  const options: AppAuthOptions = {
    appId: APP_ID,
    privateKey: keys.privateKey,
    alipayPublicKey: engine.keys.publicKeyPem,
    gateway: 'http://mock-alipay.bench/gateway.do',
    redirectUri: REDIRECT_URI,
    fetch: (input, init) => engine.handle(new Request(input, init)),
  }
  const plugin = await pluginApp(options)
  const bare = bareApp(new AppAuth(options))
  const elapsed = { plugin: 0, bare: 0 }
  try {
    await timeCallbacks(plugin, plugin.alipayAuth, engine, WARM_UP_CALLBACKS)
    await timeCallbacks(bare, bare.appAuthForBench, engine, WARM_UP_CALLBACKS)
    for (let round = 0; round < ROUNDS; round++) {
      elapsed.plugin += await timeCallbacks(plugin, plugin.alipayAuth, engine, CALLBACKS_PER_ROUND)
      elapsed.bare += await timeCallbacks(bare, bare.appAuthForBench, engine, CALLBACKS_PER_ROUND)
    }
  } finally {
    await plugin.close()
    await bare.close()
    await engine.close()
  }
  const perSecond = (ms: number) => (CALLBACKS_PER_ROUND * ROUNDS) / (ms / 1000)
  const value = perSecond(elapsed.plugin)
  const baseline = perSecond(elapsed.bare)
  return [
    {
      bench: 'fastify-callback',
      case: `callback (code exchange with the emulator in-process), inject, ${CONCURRENCY} concurrent`,
      value: Math.round(value),
      unit: 'req/s',
      baseline: 'bare Fastify route making the same AppAuth calls',
      baseline_value: Math.round(baseline),
      ratio: Math.round((value / baseline) * 100) / 100,
    },
  ]
}

async function pluginApp(options: AppAuthOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  await app.register(alipayAuth, { ...options, cookieSecret: COOKIE_SECRET })
  await app.ready()
  return app
}

/** The same work without the plugin: verify the cookies, handleCallback, answer. */
function bareApp(appAuth: AppAuth): FastifyInstance & { appAuthForBench: AppAuth } {
  const app = Fastify({ logger: false })
  app.get('/alipay/callback', async (request, reply) => {
    const bindings = verifiedBindings(request.headers.cookie, 'alipay_auth_state', signer)
    const query = request.query as Record<string, string>
    const { merchants } = await appAuth.handleCallback(query, bindings)
    return reply.type('text/html').send(`<p>${merchants.length} authorized</p>`)
  })
  return Object.assign(app, { appAuthForBench: appAuth })
}

/** Issues `count` states and codes, then times their callbacks (ms). */
async function timeCallbacks(
  app: FastifyInstance,
  appAuth: AppAuth,
  engine: MockAlipayEngine,
  count: number,
): Promise<number> {
  const callbacks: Array<{ url: string; cookie: string }> = []
  for (let i = 0; i < count; i++) {
    const { state, browserBinding } = await appAuth.authorizeUrl()
    const consent = await engine.handle(
      new Request('http://mock-alipay.bench/__admin/authorize', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: APP_ID, redirect_uri: REDIRECT_URI, state }),
      }),
    )
    const redirect = new URL(((await consent.json()) as { redirect_url: string }).redirect_url)
    callbacks.push({
      url: `${redirect.pathname}${redirect.search}`,
      cookie: `alipay_auth_state=${encodeURIComponent(signer.sign(browserBinding))}`,
    })
  }
  let next = 0
  const worker = async () => {
    while (next < callbacks.length) {
      const { url, cookie } = callbacks[next++] as (typeof callbacks)[number]
      const response = await app.inject({ method: 'GET', url, headers: { cookie } })
      if (response.statusCode !== 200)
        throw new Error(`callback answered ${response.statusCode}: ${response.body}`)
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return performance.now() - started
}
