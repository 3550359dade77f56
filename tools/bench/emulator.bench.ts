import type { KeyObject } from 'node:crypto'
import { startMockAlipay } from '../../apps/mock-alipay/src/start.js'
import { v2ResponseNodeName } from '../../packages/core/src/signer/index.js'
import { registerBenchApp, signedV2Body } from './emulator-app.js'
import { withSigningOnlyRoute } from './signing-only-route.js'
import type { BenchResult } from './types.js'

const EXCHANGES = 600
const CONCURRENCY = 32
const APP_ID = '2021000000000077'
const METHOD = 'alipay.open.auth.token.app'

/**
 * Code exchanges per second against the emulator on loopback (each one verify and one sign,
 * plus the state change), against a bare Fastify route that only signs the same response.
 * Codes are issued and requests signed before the clock starts: only the server side is timed.
 */
export async function run(): Promise<BenchResult[]> {
  const alipay = await startMockAlipay()
  try {
    const appPrivateKey = await registerBenchApp(alipay, APP_ID)
    // Also warms up both sides before anything is timed.
    const sampleNode = await sampleResponseNode(alipay.url, alipay.admin.authorize, appPrivateKey)
    const bodies = await signedExchanges(alipay.admin.authorize, appPrivateKey)
    const emulator = await exchangesPerSecond(`${alipay.url}/gateway.do`, bodies, true)
    const baseline = await withSigningOnlyRoute(
      v2ResponseNodeName(METHOD),
      sampleNode,
      alipay.engine.snapshot().alipay_keys.private_key,
      (url) => exchangesPerSecond(url, bodies, false),
    )
    return [
      {
        bench: 'emulator',
        case: `v2 code exchange, loopback, ${CONCURRENCY} concurrent`,
        value: Math.round(emulator),
        unit: 'ops/s',
        baseline: 'bare Fastify route that only signs the same response',
        baseline_value: Math.round(baseline),
        ratio: Math.round((emulator / baseline) * 100) / 100,
      },
    ]
  } finally {
    await alipay.close()
  }
}

type Authorize = (request: { app_id: string }) => Promise<{ app_auth_code: string }>

async function signedExchanges(authorize: Authorize, privateKey: KeyObject) {
  const codes: string[] = []
  while (codes.length < EXCHANGES) {
    const batch = Array.from({ length: Math.min(CONCURRENCY, EXCHANGES - codes.length) }, () =>
      authorize({ app_id: APP_ID }),
    )
    for (const { app_auth_code } of await Promise.all(batch)) codes.push(app_auth_code)
  }
  return codes.map((code) => exchangeBody(code, privateKey))
}

function exchangeBody(code: string, privateKey: KeyObject): string {
  const biz_content = JSON.stringify({ grant_type: 'authorization_code', code })
  return signedV2Body(APP_ID, { method: METHOD, biz_content }, privateKey)
}

/** Sends every body, CONCURRENCY at a time; returns completed requests per second. */
async function exchangesPerSecond(url: string, bodies: string[], expectSuccess: boolean) {
  let next = 0
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as string
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body,
      })
      const text = await response.text()
      if (expectSuccess && !text.includes('"code":"10000"')) {
        throw new Error(`The emulator refused a benchmark exchange: ${text.slice(0, 300)}`)
      }
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return bodies.length / ((performance.now() - started) / 1000)
}

/** One real exchange, so the baseline signs a node of the same size and shape. */
async function sampleResponseNode(baseUrl: string, authorize: Authorize, privateKey: KeyObject) {
  const { app_auth_code } = await authorize({ app_id: APP_ID })
  const response = await fetch(`${baseUrl}/gateway.do`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    body: exchangeBody(app_auth_code, privateKey),
  })
  const body = JSON.parse(await response.text()) as Record<string, unknown>
  return JSON.stringify(body[v2ResponseNodeName(METHOD)])
}
