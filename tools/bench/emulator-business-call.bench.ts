import type { KeyObject } from 'node:crypto'
import { startMockAlipay } from '../../apps/mock-alipay/src/start.js'
import { v2ResponseNodeName } from '../../packages/core/src/signer/index.js'
import { ratioResult } from './bench-helpers.js'
import { registerBenchApp, signedV2Body } from './emulator-app.js'
import { concurrentSlice, interleavedRates } from './interleaved.js'
import { withSigningOnlyRoute } from './signing-only-route.js'
import type { BenchResult } from './types.js'

const CONCURRENCY = 32
/** Distinct signed requests, reused: a business call, unlike a code, may be repeated. */
const REQUESTS = 64
const APP_ID = '2021000000000078'
const METHOD = 'alipay.trade.query'
const QUERY = 'alipay.open.auth.token.app.query'
/** A realistic alipay.trade.query answer. */
const TRADE = {
  trade_no: '2026011522001400000000000001',
  out_trade_no: 'T0',
  buyer_logon_id: '159****5620',
  trade_status: 'TRADE_SUCCESS',
  total_amount: '88.88',
  buyer_pay_amount: '88.88',
  send_pay_date: '2026-01-15 12:00:00',
  buyer_user_id: '2088101117955611',
}

/**
 * Stubbed business calls per second for a merchant against the emulator on loopback (each one
 * verify, the token rules, the stub lookup and one sign), against a bare Fastify route that
 * only signs the same answer. The token query, measured the same way, shows what the business
 * path costs beyond the token API's. Measured in alternating slices, so a busy machine slows
 * both alike; requests are signed before the clock starts.
 */
export async function run(): Promise<BenchResult[]> {
  const alipay = await startMockAlipay()
  try {
    const appPrivateKey = await registerBenchApp(alipay, APP_ID)
    await alipay.admin.stub({ app_id: APP_ID, method: METHOD, response: TRADE })
    const token = await merchantToken(alipay.url, alipay.admin.authorize, appPrivateKey)
    const alipayKey = alipay.engine.snapshot().alipay_keys.private_key
    const measure = (method: string, params: (i: number) => Record<string, string>) =>
      emulatorAgainstBaseline(`${alipay.url}/gateway.do`, alipayKey, method, (i) =>
        signedV2Body(APP_ID, { method, ...params(i) }, appPrivateKey),
      )
    const business = await measure(METHOD, (i) => ({
      app_auth_token: token,
      biz_content: JSON.stringify({ out_trade_no: `T${i}` }),
    }))
    const query = await measure(QUERY, () => ({
      biz_content: JSON.stringify({ app_auth_token: token }),
    }))
    const fields = {
      bench: 'emulator-business-call',
      unit: 'ops/s',
      baseline: 'bare Fastify route that only signs the same answer',
    }
    return [
      ratioResult(
        {
          ...fields,
          case: `v2 ${METHOD} for a merchant, stubbed, loopback, ${CONCURRENCY} concurrent`,
        },
        business,
      ),
      ratioResult(
        {
          ...fields,
          case: `v2 ${QUERY} (token API, for comparison), loopback, ${CONCURRENCY} concurrent`,
        },
        query,
      ),
    ]
  } finally {
    await alipay.close()
  }
}

/** Rates of the emulator and of a route signing the emulator's own answer, interleaved. */
async function emulatorAgainstBaseline(
  emulatorUrl: string,
  alipayPrivateKeyPem: string,
  method: string,
  body: (i: number) => string,
): Promise<[baseline: number, value: number]> {
  const bodies = Array.from({ length: REQUESTS }, (_, i) => body(i))
  const sample = JSON.parse(await post(emulatorUrl, bodies[0] as string, true))
  const nodeName = v2ResponseNodeName(method)
  return withSigningOnlyRoute(
    nodeName,
    JSON.stringify(sample[nodeName]),
    alipayPrivateKeyPem,
    (baselineUrl) =>
      interleavedRates([
        concurrentSlice(CONCURRENCY, (i) =>
          post(baselineUrl, bodies[i % REQUESTS] as string, false),
        ),
        concurrentSlice(CONCURRENCY, (i) =>
          post(emulatorUrl, bodies[i % REQUESTS] as string, true),
        ),
      ]),
  )
}

type Authorize = (request: { app_id: string }) => Promise<{ app_auth_code: string }>

async function merchantToken(baseUrl: string, authorize: Authorize, privateKey: KeyObject) {
  const { app_auth_code } = await authorize({ app_id: APP_ID })
  const biz = { grant_type: 'authorization_code', code: app_auth_code }
  const body = signedV2Body(
    APP_ID,
    { method: 'alipay.open.auth.token.app', biz_content: JSON.stringify(biz) },
    privateKey,
  )
  const answer = JSON.parse(await post(`${baseUrl}/gateway.do`, body, true))
  return answer.alipay_open_auth_token_app_response.tokens[0].app_auth_token as string
}

async function post(url: string, body: string, expectSuccess: boolean): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    body,
  })
  const text = await response.text()
  if (expectSuccess && !text.includes('"code":"10000"'))
    throw new Error(`The emulator refused a benchmark call: ${text.slice(0, 300)}`)
  return text
}
