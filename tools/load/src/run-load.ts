import { testKeyPair } from '@alipay-isv/core/testing'
import { freePort, registerExampleApp } from '@alipay-isv/demo'
import { type MerchantRecord, startMockAlipay } from '@alipay-isv/mock-alipay'
import { type AdapterName, startLoadApp } from './adapter-apps.js'
import { runFlow } from './flow.js'

export interface LoadOptions {
  /** Flows in flight at once. Default 16. */
  concurrency?: number
  /** How long to keep starting flows, per adapter. Default 4000 ms. */
  durationMs?: number
}

export interface AdapterLoadResult {
  adapter: AdapterName
  flows: number
  errors: number
  /** The first few failures, to say what went wrong. */
  errorSamples: string[]
  flowsPerSecond: number
  p50Ms: number
  p99Ms: number
}

const MERCHANTS = 500
const WARM_UP_FLOWS = 40

/** Distinct merchants, so concurrent flows do not re-authorize one another's grants. */
function loadMerchants(): MerchantRecord[] {
  return Array.from({ length: MERCHANTS }, (_, i) => ({
    user_id: `2088${String(i).padStart(12, '0')}`,
    name: `Load merchant ${i}`,
    auth_app_ids: [`2021${String(i).padStart(12, '0')}`],
  }))
}

/** Runs full flows through one adapter against the emulator on loopback, both in this process. */
export async function loadAdapter(
  adapter: AdapterName,
  options: LoadOptions = {},
): Promise<AdapterLoadResult> {
  const { concurrency = 16, durationMs = 4000 } = options
  const merchants = loadMerchants()
  const alipay = await startMockAlipay({ seed: { merchants } })
  const appId = '2021000000009999'
  const { privateKey } = testKeyPair('app')
  const port = await freePort()
  const appUrl = `http://127.0.0.1:${port}`
  await registerExampleApp(alipay, { appId, privateKey, exampleUrl: appUrl, notify: false })
  const app = await startLoadApp(adapter, port, {
    appId,
    privateKey,
    alipayPublicKey: alipay.alipayPublicKey,
    gateway: `${alipay.url}/gateway.do`,
    authUrl: `${alipay.url}/oauth2/appToAppAuth.htm`,
    redirectUri: `${appUrl}/alipay/callback`,
  })
  try {
    let next = 0
    const flow = () => runFlow(appUrl, alipay, appId, merchants[next++ % MERCHANTS]?.user_id ?? '')
    await inParallel(concurrency, WARM_UP_FLOWS, flow)
    return { adapter, ...(await measure(concurrency, durationMs, flow)) }
  } finally {
    await app.close()
    await alipay.close()
  }
}

async function measure(
  concurrency: number,
  durationMs: number,
  flow: () => Promise<number>,
): Promise<Omit<AdapterLoadResult, 'adapter'>> {
  const latencies: number[] = []
  const errorSamples: string[] = []
  let errors = 0
  const start = performance.now()
  const worker = async () => {
    while (performance.now() - start < durationMs) {
      try {
        latencies.push(await flow())
      } catch (error) {
        errors++
        if (errorSamples.length < 3) errorSamples.push(String(error))
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  const elapsedMs = performance.now() - start
  latencies.sort((a, b) => a - b)
  return {
    flows: latencies.length + errors,
    errors,
    errorSamples,
    flowsPerSecond: (latencies.length / elapsedMs) * 1000,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  }
}

async function inParallel(concurrency: number, total: number, flow: () => Promise<number>) {
  let started = 0
  const worker = async () => {
    while (started++ < total) await flow()
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
}
