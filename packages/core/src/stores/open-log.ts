import { copyFile, type FileHandle, mkdir, open, readFile, rm, stat } from 'node:fs/promises'
import { AlipayConfigError, type AlipayError } from '../errors.js'
import { errorCode, FILE_MODE, replaceFile, syncDirectory } from './append-log.js'
import { type DamagedRecord, encodeLine, parseLog } from './log-format.js'
import type { StoreRecord } from './store-state.js'

const DIRECTORY_MODE = 0o700

/** Creates the directory for this user only; warns when an existing one is open to others. */
export async function prepareDirectory(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: DIRECTORY_MODE })
  if (created !== undefined || process.platform === 'win32') return
  const mode = (await stat(dir)).mode & 0o777
  if (mode & 0o077) {
    process.emitWarning(
      `FileStore directory ${dir} is open to other users (mode ${mode.toString(8)}), and its log holds every merchant's tokens. Restrict it: chmod 700 ${dir}`,
      'AlipayIsvSecurityWarning',
    )
  }
}

/**
 * Reads the log back and opens it for appending. An unterminated last record (a write cut
 * short by a crash, never acknowledged) is cut off. Any other damaged record refuses the open,
 * leaving the file as it is, unless `repair`: then the file is first copied aside whole and the
 * damaged records are dropped.
 */
export async function openLog(dir: string, path: string, repair: boolean) {
  // Left by a compaction or repair that a crash interrupted before its rename: the log is whole.
  await rm(`${path}.compacting`, { force: true })
  await rm(`${path}.repairing`, { force: true })
  const bytes = await readFile(path).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  })
  const { records, damaged, wholeBytes } = bytes
    ? parseLog(bytes, path)
    : { records: [], damaged: [], wholeBytes: 0 }
  if (damaged.length > 0 && !repair) throw damageError(path, damaged)
  if (damaged.length > 0) await rewriteAside(path, records)
  const handle = await open(path, 'a', FILE_MODE)
  await handle.chmod(FILE_MODE)
  if (!bytes) {
    await syncDirectory(dir)
  } else if (damaged.length === 0 && wholeBytes < bytes.length) {
    // Cut off the torn write, or the next append would be glued to it.
    await handle.truncate(wholeBytes)
    await handle.sync()
  }
  return { records, handle: handle as FileHandle }
}

/** Keeps the damaged file as `<log>.damaged-<time>`, then writes the intact records as the log. */
async function rewriteAside(path: string, records: StoreRecord[]): Promise<void> {
  const kept = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`
  await copyFile(path, kept)
  await replaceFile(path, `${path}.repairing`, records.map(encodeLine).join(''))
  process.emitWarning(
    `FileStore repaired ${path}: damaged records were dropped; the file as it was is kept as ${kept}.`,
    'AlipayIsvRepairWarning',
  )
}

function damageError(path: string, damaged: DamagedRecord[]): AlipayError {
  const [first] = damaged
  const where = `line ${first!.line} (byte ${first!.offset}${first!.about ? `, a ${first!.about}` : ''})`
  const more = damaged.length > 1 ? ` and ${damaged.length - 1} more` : ''
  return new AlipayConfigError(
    `The FileStore log ${path} is damaged at ${where}${more}: its checksum does not match, which a crash does not cause. The file is left as it is. Restore it from a backup, or open the store once with \`repair: true\` to drop the damaged records (the file is first copied aside; each merchant they held goes back to its previous record, or must authorize again).`,
  )
}
