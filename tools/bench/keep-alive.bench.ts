import { Agent, fetch as undiciFetch } from 'undici'
import { startMockAlipay } from '../../apps/mock-alipay/src/start.js'
import { AlipayClient } from '../../packages/core/src/index.js'
import { registerBenchApp } from './emulator-app.js'
import type { BenchResult } from './types.js'

const CALLS = 500
const ROUNDS = 10
const APP_ID = '2021000000000066'

/**
 * Sequential token queries against the emulator on loopback, the way one ISV process calls the
 * gateway: the client's default transport (Node's global fetch, which keeps connections alive
 * and reuses them) against a new connection per call (`connection: close`), and against an
 * explicit undici Agent with a long keep-alive, to see whether the default path needs one.
 */
export async function run(): Promise<BenchResult[]> {
  const alipay = await startMockAlipay()
  const agent = new Agent({ keepAliveTimeout: 60_000 })
  try {
    const appPrivateKey = await registerBenchApp(alipay, APP_ID)
    const client = (fetch?: typeof globalThis.fetch) =>
      new AlipayClient({
        appId: APP_ID,
        privateKey: appPrivateKey,
        alipayPublicKey: alipay.alipayPublicKey,
        gateway: `${alipay.url}/gateway.do`,
        fetch,
      })
    const { app_auth_code } = await alipay.admin.authorize({ app_id: APP_ID })
    const [grant] = await client().exchangeCode(app_auth_code)
    const token = grant?.appAuthToken as string
    const pooled = client()
    const closing = client((input, init) =>
      globalThis.fetch(input, { ...init, headers: { ...init?.headers, connection: 'close' } }),
    )
    const tuned = client(
      (input, init) =>
        undiciFetch(input as string, {
          ...(init as Parameters<typeof undiciFetch>[1]),
          dispatcher: agent,
        }) as unknown as Promise<Response>,
    )
    for (const warm of [pooled, closing, tuned]) await secondsFor(warm, token, 50)
    const [reused, fresh, explicit] = await interleaved([pooled, closing, tuned], token)
    const row = (label: string, value: number, baseline: string, baselineValue: number) => ({
      bench: 'keep-alive',
      case: label,
      value: Math.round(value),
      unit: 'calls/s',
      baseline,
      baseline_value: Math.round(baselineValue),
      ratio: Math.round((value / baselineValue) * 100) / 100,
    })
    return [
      row(
        `${CALLS} sequential token queries, default transport (pooled)`,
        reused,
        'a new connection per call (connection: close)',
        fresh,
      ),
      row(
        `${CALLS} sequential token queries, undici Agent keepAliveTimeout 60 s`,
        explicit,
        'default transport (global fetch, pooled)',
        reused,
      ),
    ]
  } finally {
    await agent.close()
    await alipay.close()
  }
}

/**
 * Calls per second of each client over `CALLS` sequential queries, run in interleaved rounds so
 * that a noisy neighbour or a JIT warming up weighs on every variant alike.
 */
async function interleaved(
  clients: [AlipayClient, AlipayClient, AlipayClient],
  token: string,
): Promise<[number, number, number]> {
  const seconds = clients.map(() => 0)
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, client] of clients.entries()) {
      seconds[index] = (seconds[index] ?? 0) + (await secondsFor(client, token, CALLS / ROUNDS))
    }
  }
  const [a = 0, b = 0, c = 0] = seconds
  return [CALLS / a, CALLS / b, CALLS / c]
}

async function secondsFor(client: AlipayClient, token: string, count: number): Promise<number> {
  const started = performance.now()
  for (let call = 0; call < count; call++) await client.queryToken(token)
  return (performance.now() - started) / 1000
}
