import type { Attributes, MeterProvider, Span, Tracer, TracerProvider } from '@opentelemetry/api'
import { failureAttributes, failureDescription } from './failure.js'
import { createInstruments, type Instruments } from './instruments.js'
import { loadOtelApi, type OtelApi } from './otel-api.js'

export interface SpanStart {
  kind: 'client' | 'server' | 'internal'
  attributes: Attributes
  /** A trace of its own, not a child of whatever span happens to be active (a timer's sweep). */
  root?: boolean
}

/** The instrumentation scope: what the application's SDK reports as the spans' library. */
const SCOPE = '@alipay-isv/core'

/**
 * Spans and metrics through the application's OpenTelemetry providers, or nothing at all: without
 * `@opentelemetry/api` installed the work just runs; without a provider registered the API's own
 * no-op implementations take the calls. Tracer and instruments are made again when the
 * application registers other providers, since a meter taken before registration stays a no-op.
 */
export class Telemetry {
  private tracing: { provider: TracerProvider; tracer: Tracer } | undefined
  private metering: { provider: MeterProvider; instruments: Instruments } | undefined

  /** `load` is how the API is found; the benchmark passes one that finds none. */
  constructor(private readonly load: () => OtelApi | undefined = loadOtelApi) {}

  /** The API, when installed. */
  api(): OtelApi | undefined {
    return this.load()
  }

  /**
   * Runs `work` in a span, a child of the active span, ended when `work` settles; a rejection
   * marks it failed (`error.type`, `alipay.code`, `alipay.sub_code`, never the message).
   * `work` gets undefined when the API is not installed.
   */
  inSpan<T>(
    name: string,
    { kind, attributes, root = false }: SpanStart,
    work: (span: Span | undefined) => Promise<T>,
  ): Promise<T> {
    const api = this.load()
    if (api === undefined) return work(undefined)
    const options = { kind: spanKind(api, kind), attributes, root }
    return this.tracer(api).startActiveSpan(name, options, async (span) => {
      try {
        return await work(span)
      } catch (error) {
        markFailed(api, span, error)
        throw error
      } finally {
        span.end()
      }
    })
  }

  /** Marks `span` failed as `inSpan` does for a rejection, for work that reports failures instead. */
  fail(span: Span | undefined, error: unknown): void {
    const api = this.load()
    if (api !== undefined && span !== undefined) markFailed(api, span, error)
  }

  /** The instruments of the registered MeterProvider (no-ops when none is); undefined without the API. */
  instruments(): Instruments | undefined {
    const api = this.load()
    if (api === undefined) return undefined
    const provider = api.metrics.getMeterProvider()
    if (this.metering?.provider !== provider) {
      this.metering = { provider, instruments: createInstruments(provider.getMeter(SCOPE)) }
    }
    return this.metering.instruments
  }

  private tracer(api: OtelApi): Tracer {
    const provider = api.trace.getTracerProvider()
    if (this.tracing?.provider !== provider) {
      this.tracing = { provider, tracer: provider.getTracer(SCOPE) }
    }
    return this.tracing.tracer
  }
}

function spanKind(api: OtelApi, kind: 'client' | 'server' | 'internal') {
  if (kind === 'client') return api.SpanKind.CLIENT
  return kind === 'server' ? api.SpanKind.SERVER : api.SpanKind.INTERNAL
}

/** Status error, with what may be said of the error (see failure.ts). */
function markFailed(api: OtelApi, span: Span, error: unknown): void {
  span.setAttributes(failureAttributes(error))
  span.setStatus({ code: api.SpanStatusCode.ERROR, message: failureDescription(error) })
}
