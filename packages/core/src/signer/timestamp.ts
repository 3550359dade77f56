const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000

/** `yyyy-MM-dd HH:mm:ss` in China time (UTC+8), whatever the host's zone (docs/protocol.md §3). */
export function formatChinaTime(epochMs: number): string {
  const iso = new Date(epochMs + CHINA_OFFSET_MS).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`
}

/** Parses `yyyy-MM-dd HH:mm:ss` as China time; undefined when it is not that shape. */
export function parseChinaTime(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text)
  if (!match) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[]
  const utc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!)
  const check = new Date(utc)
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d!) return undefined
  return utc - CHINA_OFFSET_MS
}
