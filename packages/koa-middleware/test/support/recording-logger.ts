import type { AlipayAuthLogger } from '../../src/index.js'

export type LogLevel = 'info' | 'warn' | 'error'

export type RecordingLogger = Required<AlipayAuthLogger> & {
  lines: string[]
  entries: Array<{ level: LogLevel; line: string }>
}

/** A logger that keeps its lines, so tests can read what an operator would see. */
export function recordingLogger(): RecordingLogger {
  const lines: string[] = []
  const entries: Array<{ level: LogLevel; line: string }> = []
  const record = (level: LogLevel) => (line: string) => {
    lines.push(line)
    entries.push({ level, line })
  }
  return { lines, entries, info: record('info'), warn: record('warn'), error: record('error') }
}
