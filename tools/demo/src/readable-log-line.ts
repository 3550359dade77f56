const PINO_LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
}

/** What every line of a pino log carries, and a person watching the demo does not need. */
const NOISE = new Set(['level', 'time', 'pid', 'hostname', 'msg'])

/**
 * A line of Fastify's JSON log (pino) as a person reads it in the demo's terminal, like the Koa
 * example's lines: `info: alipay codeExchanged authAppId=… userId=…`. Any other line is kept as
 * it is. The example itself keeps logging JSON, as a production app should. Undefined for
 * Fastify's own "Server listening at": the example prints `listening on <url>` itself, once.
 */
export function readableLogLine(line: string): string | undefined {
  if (!line.startsWith('{')) return line
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(line) as Record<string, unknown>
  } catch {
    return line
  }
  const level = PINO_LEVELS[entry.level as number]
  if (level === undefined || typeof entry.msg !== 'string') return line
  if (entry.msg.startsWith('Server listening at ')) return undefined
  const rest = Object.entries(entry).filter(([name]) => !NOISE.has(name))
  return [`${level}: ${entry.msg}`, ...pairs(rest)].join(' ')
}

/** `name=value`, nested objects (an error, a request) as `err.code=…`, lists comma-joined. */
function pairs(entries: Array<[string, unknown]>, prefix = ''): string[] {
  return entries.flatMap(([name, value]) => {
    if (value === null || value === undefined) return []
    if (typeof value === 'object' && !Array.isArray(value)) {
      return pairs(Object.entries(value), `${prefix}${name}.`)
    }
    const text = Array.isArray(value) ? value.join(',') : String(value)
    return [`${prefix}${name}=${/[\s"]/.test(text) ? JSON.stringify(text) : text}`]
  })
}
