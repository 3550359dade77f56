import { Writable } from 'node:stream'

export type LogLine = Record<string, unknown>

/** Fastify's own pino logger, writing its JSON lines into an array the test reads. */
export function capturedLogger() {
  const lines: LogLine[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as LogLine)
      done()
    },
  })
  return { lines, fastifyOptions: { logger: { level: 'info', stream } } }
}

/** pino's numeric levels. */
export const logLevel = { info: 30, warn: 40, error: 50 } as const
