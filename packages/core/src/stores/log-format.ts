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

export interface ParsedLog {
  records: StoreRecord[]
  /** Bytes up to the end of the last intact record; whatever follows is a torn write. */
  intactBytes: number
}

/**
 * Reads every record of a log. Damage at the very end is what a crash during an append leaves
 * (that append was never acknowledged), so it is dropped; damage followed by intact records is
 * not, and stops the load rather than silently losing acknowledged data.
 */
export function parseLog(bytes: Buffer, path: string): ParsedLog {
  const records: StoreRecord[] = []
  let intactBytes = 0
  let damagedAt: { line: number; offset: number } | undefined
  for (let start = 0, line = 1; start < bytes.length; line++) {
    const newline = bytes.indexOf(NEWLINE, start)
    const end = newline === -1 ? bytes.length : newline + 1
    const record =
      newline === -1 ? undefined : decodeLine(bytes.toString('utf8', start, newline), path)
    if (record === undefined) {
      damagedAt ??= { line, offset: start }
    } else if (damagedAt) {
      throw new AlipayError(
        `The FileStore log ${path} is damaged at line ${damagedAt.line} (byte ${damagedAt.offset}), before intact records, so it is not a write cut short by a crash. Restore the file from a backup, or move it aside to start with an empty store (every merchant then has to authorize again).`,
      )
    } else {
      records.push(record)
      intactBytes = end
    }
    start = end
  }
  return { records, intactBytes }
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

function checksum(json: string): string {
  return crc32(json).toString(16).padStart(8, '0')
}
