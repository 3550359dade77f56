import type { FileHandle } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { type Clock, systemClock } from '../clock.js'
import { AlipayConfigError, AlipayError } from '../errors.js'
import { AppendLog, errorCode } from './append-log.js'
import { DirectoryLock } from './directory-lock.js'
import { encodeLine } from './log-format.js'
import { openLog, prepareDirectory } from './open-log.js'
import { RecordStore } from './record-store.js'
import type { StoreRecord } from './store-state.js'

export interface FileStoreOptions {
  /**
   * Directory of the store, created if missing (mode 0700). One process at a time: the store
   * locks it, and a second opener is refused.
   */
  dir: string
  /** Decides when states and claims expire. Default: `Date.now`. */
  clock?: Clock
  /**
   * Open a log with damaged records anyway, dropping them; the file is first copied aside
   * (`store.log.damaged-<time>`). Only after an open refused the log as damaged, on purpose.
   */
  repair?: boolean
}

const LOG_FILE = 'store.log'
const LOCK_FILE = 'store.lock'
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
    private readonly lock: DirectoryLock,
    path: string,
    handle: FileHandle,
    records: StoreRecord[],
  ) {
    super(clock)
    for (const record of records) this.restore(record)
    this.log = new AppendLog(path, handle, records.length, {
      compaction: (lines) => this.compaction(lines),
      beforeWrite: () => lock.assertHeld(),
    })
  }

  /** Opens (or creates) the store in `options.dir` and reads it back into memory. */
  static async open(options: FileStoreOptions): Promise<FileStore> {
    if (typeof options?.dir !== 'string' || options.dir === '') {
      throw new AlipayConfigError('FileStore needs `dir`: the directory to keep its data in.')
    }
    const dir = resolve(options.dir)
    if (openDirectories.has(dir)) {
      throw new AlipayConfigError(
        `FileStore ${dir} is already open in this process (${process.pid}). Use that one instance for both tokens and states, or close it before opening it again.`,
      )
    }
    openDirectories.add(dir)
    let lock: DirectoryLock | undefined
    try {
      const path = join(dir, LOG_FILE)
      await prepareDirectory(dir)
      lock = await DirectoryLock.acquire(dir, join(dir, LOCK_FILE))
      const { records, handle } = await openLog(dir, path, options.repair === true)
      return new FileStore(options.clock ?? systemClock, dir, lock, path, handle, records)
    } catch (error) {
      await lock?.release()
      openDirectories.delete(dir)
      if (error instanceof AlipayError) throw error
      throw new AlipayConfigError(
        `FileStore cannot use the directory ${dir} (${errorCode(error)}). Make it a directory this process can read and write, or choose another dir.`,
        { cause: error },
      )
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
      await this.lock.release()
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
