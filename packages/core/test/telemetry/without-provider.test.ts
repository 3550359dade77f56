import { context, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { traceCall } from '../../src/telemetry/call-span.js'
import { Telemetry } from '../../src/telemetry/telemetry.js'
import { MERCHANT } from '../auth/event-recorder.js'
import { createAppAuth } from '../auth/setup.js'
import { authorizationNotify, useMockAlipay } from '../mocks.js'
import { CollectOnDemand } from '../support/otel.js'

useMockAlipay()

describe('without a registered provider', () => {
  // An SDK set up but never registered: what an application has before it starts its SDK.
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  const reader = new CollectOnDemand()
  const meters = new MeterProvider({ readers: [reader] })
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  })
  afterAll(() => context.disable())

  it('records nothing, not even inside a span of the application’s own', async () => {
    const { auth } = createAppAuth({ minRefreshIntervalMs: 0 })
    await provider
      .getTracer('the-isv-app')
      .startActiveSpan('GET /alipay/callback', async (span) => {
        await auth.exchangeCode('code-1')
        await auth.refresh(MERCHANT)
        await auth.handleNotify(authorizationNotify(2))
        span.end()
      })

    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['GET /alipay/callback'])
    expect(trace.getActiveSpan()).toBeUndefined()
    const { resourceMetrics } = await reader.collect()
    expect(resourceMetrics.scopeMetrics).toEqual([])
    await meters.shutdown()
  })

  it('runs calls as they are when @opentelemetry/api is not installed', async () => {
    const absent = new Telemetry(() => undefined)
    const call = {
      api: 'alipay.trade.query',
      appId: '2021',
      httpMethod: 'POST',
      serverAddress: 'x',
    }
    await expect(traceCall(absent, call, async () => ({ status: 200 }))).resolves.toEqual({
      status: 200,
    })
    await expect(
      absent.inSpan('alipay.notify', { kind: 'server', attributes: {} }, async (span) => span),
    ).resolves.toBeUndefined()
    expect(absent.instruments()).toBeUndefined()
  })
})
