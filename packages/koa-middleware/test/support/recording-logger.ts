import type { AlipayAuthLogger } from '../../src/index.js'

/** A logger that keeps its lines, so tests can read what an operator would see. */
export function recordingLogger(): AlipayAuthLogger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: (message) => void lines.push(message),
    warn: (message) => void lines.push(message),
  }
}
