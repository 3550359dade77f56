import { context, metrics, SpanKind, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { MeterProvider, type MetricData, MetricReader } from '@opentelemetry/sdk-metrics'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { afterAll, afterEach, beforeAll } from 'vitest'

/** A reader that collects when asked: the test reads the metrics at the point it checks them. */
export class CollectOnDemand extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/**
 * Registers an OpenTelemetry SDK for the file's tests, as an application would: a tracer provider
 * exporting to memory, a meter provider, and the async-hooks context manager (without which no
 * span would have a parent). Spans are forgotten after each test; metrics accumulate per file.
 */
export function useInMemoryTelemetry() {
  const exporter = new InMemorySpanExporter()
  const reader = new CollectOnDemand()
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  })
  const meterProvider = new MeterProvider({ readers: [reader] })
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
    trace.setGlobalTracerProvider(tracerProvider)
    metrics.setGlobalMeterProvider(meterProvider)
  })
  afterEach(() => exporter.reset())
  afterAll(async () => {
    await tracerProvider.shutdown()
    await meterProvider.shutdown()
    trace.disable()
    metrics.disable()
    context.disable()
  })
  const tracer = trace.getTracer('the-isv-app')
  return {
    /** The application's own tracer. */
    tracer,
    /**
     * Runs `work` inside a SERVER span `name`, as the application's HTTP instrumentation handles
     * each request: whatever the request does is a child of it.
     */
    inRequest<T>(name: string, work: () => Promise<T>): Promise<T> {
      return tracer.startActiveSpan(name, { kind: SpanKind.SERVER }, async (span) => {
        try {
          return await work()
        } finally {
          span.end()
        }
      })
    },
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    /** Every metric recorded so far. */
    metrics: async (): Promise<MetricData[]> => {
      const { resourceMetrics } = await reader.collect()
      return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics)
    },
  }
}

const KINDS: Record<SpanKind, string> = {
  0: 'internal',
  1: 'server',
  2: 'client',
  3: 'producer',
  4: 'consumer',
}

/**
 * The spans as an indented tree, one `name (kind)` a line, children in start order:
 * what a trace viewer shows.
 */
export function spanTree(spans: readonly ReadableSpan[]): string {
  const ids = new Set(spans.map((span) => span.spanContext().spanId))
  const childrenOf = (parentId: string | undefined) =>
    spans
      .filter((span) => {
        const parent = span.parentSpanContext?.spanId
        return parentId === undefined
          ? parent === undefined || !ids.has(parent)
          : parent === parentId
      })
      .sort((a, b) => hrNanos(a.startTime) - hrNanos(b.startTime))
  const lines: string[] = []
  const walk = (span: ReadableSpan, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${span.name} (${KINDS[span.kind]})`)
    for (const child of childrenOf(span.spanContext().spanId)) walk(child, depth + 1)
  }
  for (const root of childrenOf(undefined)) walk(root, 0)
  return lines.join('\n')
}

/** The one finished span named `name`; throws when there is none or several. */
export function onlySpan(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((span) => span.name === name)
  if (found.length !== 1) throw new Error(`expected one span ${name}, found ${found.length}`)
  return found[0] as ReadableSpan
}

/** The data points of the metric `name`, each as its attributes and value. */
export function points(all: readonly MetricData[], name: string) {
  const metric = all.find((candidate) => candidate.descriptor.name === name)
  return (metric?.dataPoints ?? []).map((point) => ({
    attributes: point.attributes,
    value: point.value,
  }))
}

function hrNanos([seconds, nanos]: [number, number]): number {
  return seconds * 1e9 + nanos
}
