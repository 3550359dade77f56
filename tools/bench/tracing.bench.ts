import { context, metrics, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { AppAuth } from '../../packages/core/src/auth/app-auth.js'
import { MemoryStore } from '../../packages/core/src/stores/memory-store.js'
import { Telemetry } from '../../packages/core/src/telemetry/telemetry.js'
import { ratioResult } from './bench-helpers.js'
import { startTradeQueryEmulator } from './emulator-app.js'
import { concurrentSlice, interleavedRates, type Slice } from './interleaved.js'
import type { BenchResult } from './types.js'

const APP_ID = '2021009800000029'
const METHOD = 'alipay.trade.query'
const BIZ = { out_trade_no: 'bench-order-1' }
const BASELINE = 'the same auth.exec without the tracing path (@opentelemetry/api absent)'
/** A call takes milliseconds: long slices, so that each holds enough calls to compare. */
const SLICES = { slices: 40, sliceMs: 250 }

class CollectOnDemand extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/**
 * The cost of tracing on a call for a merchant: `auth.exec` of a stubbed `alipay.trade.query`
 * against the emulator on loopback, one at a time, by an AppAuth whose telemetry finds no
 * `@opentelemetry/api` (the path without tracing), against the same with the API installed and
 * no provider registered (no-op calls), and with an SDK registered that keeps every span and
 * metric in memory. Each pair runs interleaved, in the same run.
 */
export async function run(): Promise<BenchResult[]> {
  const store = new MemoryStore()
  const seeded = await startTradeQueryEmulator(APP_ID, store, { trade_no: '1' })
  const { authAppId } = seeded
  const traced = new AppAuth({ ...seeded.app, store })
  const untraced = withoutTracing(new AppAuth({ ...seeded.app, store }))
  try {
    const exec = (auth: AppAuth): Slice =>
      concurrentSlice(1, () => auth.exec(authAppId, METHOD, BIZ))

    const noProvider = await interleavedRates([exec(untraced), exec(traced)], SLICES)
    const sdk = registerInMemorySdk()
    const withSdk = await interleavedRates([exec(untraced), sdk.clearing(exec(traced))], SLICES)
    await sdk.close()
    const row = (label: string, rates: [number, number]) =>
      ratioResult({ bench: 'tracing', case: label, unit: 'calls/s', baseline: BASELINE }, rates)
    return [
      row(`auth.exec ${METHOD}, @opentelemetry/api installed, no provider registered`, noProvider),
      row(`auth.exec ${METHOD}, in-memory SDK registered (2 spans + metrics per call)`, withSdk),
    ]
  } finally {
    await traced.close()
    await untraced.close()
    await seeded.emulator.close()
  }
}

/**
 * The AppAuth as it runs where `@opentelemetry/api` is not installed. The two layers an exec
 * passes through hold their telemetry in a private field each, set at construction: the client
 * (the call's span) and the merchant calls (the exec's span). Swapping those two fields is all
 * that differs from the traced instance.
 */
function withoutTracing(auth: AppAuth): AppAuth {
  const absent = new Telemetry(() => undefined)
  const internals = auth as unknown as {
    client: { telemetry: Telemetry }
    calls: { deps: { telemetry: Telemetry } }
  }
  internals.client.telemetry = absent
  internals.calls.deps.telemetry = absent
  return auth
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
      (slice: Slice): Slice =>
      async (until) => {
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
