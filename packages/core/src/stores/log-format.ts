import { crc32 } from 'node:zlib'
import { AlipayError } from '../errors.js'
import type { StoreRecord } from './store-state.js'

const NEWLINE = 0x0a
const OPS = new Set(['set', 'delete', 'put', 'take', 'claim'])

/** One record per line: `<CRC-32 of the JSON, 8 hex digits> <JSON>\n`. JSON never contains a newline. */
export function encodeLine(record: StoreRecord): string {
  const json = JSON.stringify(record)
  return `${checksum(json)} ${json}\n`
}

/** A whole line whose checksum does not match: not something a crash leaves. */
export interface DamagedRecord {
  line: number
  offset: number
  /** What the line seems to be about (`set of merchant app …`), when its JSON still parses. */
  about?: string
}

export interface ParsedLog {
  records: StoreRecord[]
  damaged: DamagedRecord[]
  /** Bytes up to the end of the last whole line; whatever follows is a torn write. */
  wholeBytes: number
}

/**
 * Reads every record of a log. Only an unterminated last line is what a crash during an append
 * leaves (that append was never acknowledged), so only that is left out silently; every whole
 * line that does not verify is reported as damaged, for the caller to refuse or repair.
 */
export function parseLog(bytes: Buffer, path: string): ParsedLog {
  const parsed: ParsedLog = { records: [], damaged: [], wholeBytes: 0 }
  for (let start = 0, line = 1; start < bytes.length; line++) {
    const newline = bytes.indexOf(NEWLINE, start)
    if (newline === -1) break
    const text = bytes.toString('utf8', start, newline)
    const record = decodeLine(text, path)
    if (record) parsed.records.push(record)
    else parsed.damaged.push({ line, offset: start, about: describe(text.slice(9)) })
    start = parsed.wholeBytes = newline + 1
  }
  return parsed
}

function decodeLine(line: string, path: string): StoreRecord | undefined {
  const json = line.slice(9)
  if (line[8] !== ' ' || line.slice(0, 8) !== checksum(json)) return undefined
  const record: unknown = JSON.parse(json)
  if (typeof record !== 'object' || record === null || !OPS.has((record as StoreRecord).op)) {
    throw new AlipayError(
      `The FileStore log ${path} holds a record of unknown kind (${String((record as { op?: unknown } | null)?.op)}). It was probably written by a newer version of @alipay-isv/core: upgrade to it.`,
    )
  }
  return record as StoreRecord
}

/** Names the key of a damaged line, never its tokens. */
function describe(json: string): string | undefined {
  try {
    const record = JSON.parse(json) as Record<string, unknown>
    const token = record.token as { authAppId?: unknown } | undefined
    const key = token?.authAppId ?? record.authAppId
    return typeof key === 'string' ? `${String(record.op)} of merchant app ${key}` : undefined
  } catch {
    return undefined
  }
}

function checksum(json: string): string {
  return crc32(json).toString(16).padStart(8, '0')
}
