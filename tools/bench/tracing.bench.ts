import { generateKeyPairSync } from 'node:crypto'
import { context, metrics, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { startMockAlipay } from '../../apps/mock-alipay/src/start.js'
import { AlipayClient } from '../../packages/core/src/client/alipay-client.js'
import { Telemetry } from '../../packages/core/src/telemetry/telemetry.js'
import { ratioResult } from './bench-helpers.js'
import { concurrentSlice, interleavedRates } from './interleaved.js'
import type { BenchResult } from './types.js'

const APP_ID = '2021000000000088'
const BASELINE = 'the same client without the tracing path (@opentelemetry/api absent)'
/** A call takes milliseconds: longer slices than the default, so each holds enough calls to compare. */
const SLICES = { slices: 60, sliceMs: 250 }

class CollectOnDemand extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/**
 * The cost of tracing on a call to Alipay: sequential token queries
 * (`alipay.open.auth.token.app.query`) against the emulator on loopback, by a client whose
 * telemetry finds no `@opentelemetry/api` (the path without tracing), against the same client
 * with the API installed and no provider registered (no-op calls), and with an SDK registered
 * that keeps every span and metric in memory. Each pair runs interleaved, in the same run.
 */
export async function run(): Promise<BenchResult[]> {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const alipay = await startMockAlipay()
  try {
    await alipay.admin.registerApp({
      app_id: APP_ID,
      public_key: keys.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    })
    const client = () =>
      new AlipayClient({
        appId: APP_ID,
        privateKey: keys.privateKey,
        alipayPublicKey: alipay.alipayPublicKey,
        gateway: `${alipay.url}/gateway.do`,
      })
    const { app_auth_code } = await alipay.admin.authorize({ app_id: APP_ID })
    const [grant] = await client().exchangeCode(app_auth_code)
    const token = grant?.appAuthToken as string
    const traced = client()
    // The one field the tracing path hangs on: a telemetry that finds no API runs calls as they are.
    const untraced = Object.assign(client(), { telemetry: new Telemetry(() => undefined) })
    const query = (on: AlipayClient) =>
      concurrentSlice(1, () => on.queryToken(token, { authAppId: grant?.authAppId }))

    const noProvider = await interleavedRates([query(untraced), query(traced)], SLICES)
    const sdk = registerInMemorySdk()
    const withSdk = await interleavedRates([query(untraced), sdk.clearing(query(traced))], SLICES)
    await sdk.close()
    const row = (label: string, rates: [number, number]) =>
      ratioResult({ bench: 'tracing', case: label, unit: 'calls/s', baseline: BASELINE }, rates)
    return [
      row('token query, @opentelemetry/api installed, no provider registered', noProvider),
      row('token query, in-memory SDK registered (span + metrics per call)', withSdk),
    ]
  } finally {
    await alipay.close()
  }
}

/** An SDK as an application registers it, exporting to memory; `clearing` empties it after each slice. */
function registerInMemorySdk() {
  const exporter = new InMemorySpanExporter()
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  })
  const meterProvider = new MeterProvider({ readers: [new CollectOnDemand()] })
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  trace.setGlobalTracerProvider(tracerProvider)
  metrics.setGlobalMeterProvider(meterProvider)
  return {
    clearing:
      (slice: (until: number) => Promise<number>) =>
      async (until: number): Promise<number> => {
        const done = await slice(until)
        exporter.reset()
        return done
      },
    async close() {
      await tracerProvider.shutdown()
      await meterProvider.shutdown()
      trace.disable()
      metrics.disable()
      context.disable()
    },
  }
}
