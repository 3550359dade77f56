import { createRequire } from 'node:module'

export type OtelApi = typeof import('@opentelemetry/api')

/** What `loadOtelApi` found: looked up once per process, since an absent package costs a file search. */
let found: { api: OtelApi | undefined } | undefined

/**
 * `@opentelemetry/api` when the application installed it (an optional peer), else undefined:
 * then nothing is traced and nothing is measured. Loaded with `require` so that it is there at
 * once, without an `await` on every call; the API keeps its registrations on `globalThis`, so
 * the copy loaded here sees the provider the application registered through its own `import`.
 */
export function loadOtelApi(): OtelApi | undefined {
  found ??= { api: requireOtelApi() }
  return found.api
}

function requireOtelApi(): OtelApi | undefined {
  try {
    return createRequire(import.meta.url)('@opentelemetry/api') as OtelApi
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') {
      process.emitWarning(
        `@opentelemetry/api is installed but could not be loaded, so Alipay calls are not traced: ${String(error)}`,
        'AlipayIsvTelemetryWarning',
      )
    }
    return undefined
  }
}
