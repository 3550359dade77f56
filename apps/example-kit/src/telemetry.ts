import type { RequestListener } from 'node:http'
import { context, metrics, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import type { Env } from './env-values.js'

/** The SDK the example started; `close` sends what is still buffered. */
export interface ExampleTelemetry {
  close(): Promise<void>
}

/**
 * With `OTEL_EXPORTER_OTLP_ENDPOINT` set (e.g. `http://127.0.0.1:4318`, an OpenTelemetry
 * Collector or Jaeger): an OpenTelemetry SDK sending traces and metrics there over OTLP/HTTP,
 * registered before the app is built so that `@alipay-isv/core` finds it: to
 * `<endpoint>/v1/traces` and `<endpoint>/v1/metrics`, as the OTLP specification places them.
 * `OTEL_SERVICE_NAME` names the service (default: the example's name). Unset, nothing is
 * started, nor the SDK loaded (a start faster by a fifth of a second): core then records nothing.
 */
export async function startTelemetry(
  name: string,
  env: Env = process.env,
): Promise<ExampleTelemetry | undefined> {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '')
  if (!endpoint) return undefined
  const [
    { AsyncLocalStorageContextManager },
    { OTLPMetricExporter },
    { OTLPTraceExporter },
    { resourceFromAttributes },
    { MeterProvider, PeriodicExportingMetricReader },
    { BasicTracerProvider, BatchSpanProcessor },
  ] = await Promise.all([
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/exporter-metrics-otlp-http'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-metrics'),
    import('@opentelemetry/sdk-trace-base'),
  ])
  const resource = resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || name })
  const tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` })),
    ],
  })
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${endpoint}/v1/metrics` }),
        exportIntervalMillis: 10_000,
      }),
    ],
  })
  // Without a context manager no span would have a parent: each Alipay call would be a trace alone.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  trace.setGlobalTracerProvider(tracerProvider)
  metrics.setGlobalMeterProvider(meterProvider)
  return {
    async close() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()])
    },
  }
}

/**
 * A SERVER span around each request, named `GET /alipay/callback` (the path, never the query:
 * a callback's query holds the authorization code), so that the calls to Alipay a request makes
 * are its children. A production app gets these from `@opentelemetry/instrumentation-http` or
 * `@fastify/otel`; the example makes its own to need no loader hooks.
 */
export function withRequestSpans(listener: RequestListener): RequestListener {
  const tracer = trace.getTracer('@alipay-isv/example-kit')
  return (request, response) => {
    const method = request.method ?? 'GET'
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    const attributes = { 'http.request.method': method, 'url.path': path }
    tracer.startActiveSpan(`${method} ${path}`, { kind: SpanKind.SERVER, attributes }, (span) => {
      response.once('close', () => {
        span.setAttribute('http.response.status_code', response.statusCode)
        if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR })
        span.end()
      })
      listener(request, response)
    })
  }
}
