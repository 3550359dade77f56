import { type FileHandle, mkdir, open, readFile, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { type Clock, systemClock } from '../clock.js'
import { AlipayConfigError, AlipayError } from '../errors.js'
import { AppendLog, errorCode, syncDirectory } from './append-log.js'
import { encodeLine, parseLog } from './log-format.js'
import { RecordStore } from './record-store.js'
import type { StoreRecord } from './store-state.js'

export interface FileStoreOptions {
  /** Directory of the store, created if missing. Only one process may use it at a time. */
  dir: string
  /** Decides when states and claims expire. Default: `Date.now`. */
  clock?: Clock
}

const LOG_FILE = 'store.log'
/** Below this many lines the log is never compacted: rewriting it would cost more than it saves. */
const COMPACT_MIN_LINES = 1000
/** The log is compacted once it has this many lines per live entry. */
const COMPACT_RATIO = 2

const openDirectories = new Set<string>()

/**
 * Durable token and state store for a single instance, in one directory: an append-only log
 * of checksummed JSON lines, each write fsynced before its promise resolves (concurrent writes
 * share one fsync), compacted when it grows past twice the live data. A crash, even
 * `kill -9` mid-write, loses nothing that was acknowledged. One instance serves as both
 * `TokenStore` and `StateStore`; for several instances use a shared store such as Redis.
 */
export class FileStore extends RecordStore {
  private readonly log: AppendLog

  private constructor(
    clock: Clock,
    private readonly dir: string,
    path: string,
    handle: FileHandle,
    records: StoreRecord[],
  ) {
    super(clock)
    for (const record of records) this.restore(record)
    this.log = new AppendLog(path, handle, records.length, (lines) => this.compaction(lines))
  }

  /** Opens (or creates) the store in `options.dir` and reads it back into memory. */
  static async open(options: FileStoreOptions): Promise<FileStore> {
    if (typeof options?.dir !== 'string' || options.dir === '') {
      throw new AlipayConfigError('FileStore needs `dir`: the directory to keep its data in.')
    }
    const dir = resolve(options.dir)
    if (openDirectories.has(dir)) {
      throw new AlipayConfigError(
        `FileStore ${dir} is already open in this process. Use that one instance for both tokens and states, or close it before opening it again.`,
      )
    }
    openDirectories.add(dir)
    try {
      const path = join(dir, LOG_FILE)
      const { records, handle } = await openLog(dir, path)
      return new FileStore(options.clock ?? systemClock, dir, path, handle, records)
    } catch (error) {
      openDirectories.delete(dir)
      throw error
    }
  }

  protected persist(record: StoreRecord): Promise<void> {
    return this.log.append(encodeLine(record))
  }

  protected persisted(): Promise<void> {
    return this.log.settled()
  }

  protected async shutdown(): Promise<void> {
    try {
      await this.log.close()
    } finally {
      openDirectories.delete(this.dir)
    }
  }

  private compaction(lineCount: number): string[] | undefined {
    if (lineCount < COMPACT_MIN_LINES || lineCount < COMPACT_RATIO * this.liveEntries) {
      return undefined
    }
    return Array.from(this.snapshot(), encodeLine)
  }
}

async function openLog(dir: string, path: string) {
  try {
    await mkdir(dir, { recursive: true })
    // Left by a compaction that a crash interrupted before its rename: the log is still whole.
    await rm(`${path}.compacting`, { force: true })
    const bytes = await readFile(path).catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') return undefined
      throw error
    })
    const { records, intactBytes } = bytes ? parseLog(bytes, path) : { records: [], intactBytes: 0 }
    const handle = await open(path, 'a')
    if (!bytes) {
      await syncDirectory(dir)
    } else if (intactBytes < bytes.length) {
      // Cut off the torn write, or the next append would be glued to it.
      await handle.truncate(intactBytes)
      await handle.sync()
    }
    return { records, handle }
  } catch (error) {
    if (error instanceof AlipayError) throw error
    throw new AlipayConfigError(
      `FileStore cannot use the directory ${dir} (${errorCode(error)}). Make it a directory this process can read and write, or choose another dir.`,
      { cause: error },
    )
  }
}
