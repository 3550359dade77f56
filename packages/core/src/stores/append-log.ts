import { type FileHandle, open, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import { AlipayError, AlipayStoreUnavailableError } from '../errors.js'

/** Files the store writes hold every merchant's tokens: for this user only. */
export const FILE_MODE = 0o600

interface Batch {
  lines: string[]
  done: Promise<void>
  resolve(): void
  reject(error: AlipayError): void
}

/**
 * An append-only file of lines with group commit: lines appended while a write and fsync are
 * in flight go out together in the next one. Batches reach the disk one after another, so the
 * order on disk is the order of acknowledgement. After a failed write nothing more is
 * accepted: what reached the disk is unknown until the log is read again.
 */
export class AppendLog {
  private next: Batch | undefined
  private writing: Batch | undefined
  private draining: Promise<void> | undefined
  private failure: AlipayError | undefined

  constructor(
    private readonly path: string,
    private handle: FileHandle,
    private lineCount: number,
    private readonly hooks: {
      /** Asked after each batch; the lines it returns replace the whole log. */
      compaction: (lineCount: number) => string[] | undefined
      /** Runs before each batch is written; a rejection fails the log (e.g. its lock was lost). */
      beforeWrite: () => Promise<void>
    },
  ) {}

  /** Resolves once `line` is on disk. */
  append(line: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    this.next ??= createBatch()
    const batch = this.next
    batch.lines.push(line)
    // drain() always awaits before it ends, so this assignment happens before it clears it.
    this.draining ??= this.drain()
    return batch.done
  }

  /** Resolves once every line appended so far is on disk. */
  settled(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    return (this.next ?? this.writing)?.done ?? Promise.resolve()
  }

  async close(): Promise<void> {
    await this.draining
    await this.handle.close()
  }

  private async drain(): Promise<void> {
    try {
      for (let batch = this.next; batch; batch = this.next) {
        this.next = undefined
        this.writing = batch
        await this.hooks.beforeWrite()
        await this.handle.appendFile(batch.lines.join(''))
        await this.handle.sync()
        this.lineCount += batch.lines.length
        this.writing = undefined
        batch.resolve()
        const lines = this.hooks.compaction(this.lineCount)
        if (lines) await this.replace(lines)
      }
    } catch (error) {
      this.failure =
        error instanceof AlipayError
          ? error
          : new AlipayStoreUnavailableError(
              `FileStore could not write ${this.path} (${errorCode(error)}). Writes are refused from now on: fix the disk (space, permissions) and restart the process; every write acknowledged before this is safe.`,
              { cause: error },
            )
      this.writing?.reject(this.failure)
      this.next?.reject(this.failure)
      this.writing = this.next = undefined
    } finally {
      this.draining = undefined
    }
  }

  /** Compaction: write the new log beside the old one, then rename it over the old one. */
  private async replace(lines: string[]): Promise<void> {
    await replaceFile(this.path, `${this.path}.compacting`, lines.join(''))
    const old = this.handle
    this.handle = await open(this.path, 'a', FILE_MODE)
    this.lineCount = lines.length
    await old.close()
  }
}

/**
 * Replaces the file at `path` with `content` whole or not at all: written and synced as
 * `temporary` beside it, renamed over it, the rename made durable.
 */
export async function replaceFile(path: string, temporary: string, content: string): Promise<void> {
  const out = await open(temporary, 'w', FILE_MODE)
  try {
    await out.writeFile(content)
    await out.sync()
  } finally {
    await out.close()
  }
  await rename(temporary, path)
  await syncDirectory(dirname(path))
}

/** Makes a file's creation or rename durable (a directory cannot be opened for this on Windows). */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error)
}

function createBatch(): Batch {
  let resolve!: () => void
  let reject!: (error: AlipayError) => void
  const done = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { lines: [], done, resolve, reject }
}
