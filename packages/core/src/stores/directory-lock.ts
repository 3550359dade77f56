import { randomUUID } from 'node:crypto'
import { link, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises'
import { AlipayConfigError, AlipayStoreUnavailableError } from '../errors.js'
import { errorCode, syncDirectory } from './append-log.js'
import {
  currentHolder,
  describeHolder,
  holderIsGone,
  processNamespace,
  readLock,
  type SeenLock,
} from './lock-holder.js'

/** The holder touches its lock file this often to show it is alive. */
const HEARTBEAT_MS = 1000
/** A lock not touched for this long belongs to a process that is gone: it is taken over. */
const LOCK_STALE_MS = 5000
const WATCH_MS = 100
/** Contents of the locks this process holds: its own PID in a lock file does not mean it is gone. */
const heldHere = new Set<string>()

/**
 * An exclusive lock on a directory, across processes and containers sharing it: a lock file
 * created exclusively, holding who took it, touched every second by its holder. A second opener
 * is refused while the holder is alive; a holder that is gone is recognised by its PID when it
 * ran in the same PID namespace, otherwise by a heartbeat older than `LOCK_STALE_MS`.
 */
export class DirectoryLock {
  private readonly timer: NodeJS.Timeout
  private verifiedAt = Date.now()
  private lost: AlipayStoreUnavailableError | undefined

  private constructor(
    private readonly path: string,
    private readonly content: string,
  ) {
    this.timer = setInterval(() => void this.heartbeat().catch(() => {}), HEARTBEAT_MS)
    this.timer.unref()
  }

  static async acquire(dir: string, path: string): Promise<DirectoryLock> {
    const namespace = await processNamespace()
    const content = JSON.stringify(currentHolder(randomUUID(), namespace))
    for (;;) {
      try {
        await writeFile(path, content, { flag: 'wx', mode: 0o600 })
        await syncDirectory(dir)
        heldHere.add(content)
        return new DirectoryLock(path, content)
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error
      }
      const seen = await readLock(path)
      if (seen === undefined) continue
      const gone = !heldHere.has(seen.content) && holderIsGone(seen.holder, namespace)
      if (!gone && (await stillAlive(path, seen))) {
        throw new AlipayConfigError(
          `FileStore ${dir} is in use by ${describeHolder(seen, Date.now())}. One process at a time may use a FileStore directory: stop that process first (its lock is taken over ${LOCK_STALE_MS / 1000} s after it stops), or, for several instances, share a RedisStore.`,
        )
      }
      await takeOver(path, seen)
    }
  }

  /** Resolves if this process still holds the lock; checked before every write. */
  async assertHeld(): Promise<void> {
    if (Date.now() - this.verifiedAt >= HEARTBEAT_MS * 2) await this.heartbeat()
    if (this.lost) throw this.lost
  }

  /** Gives the lock up, if this process still holds it. */
  async release(): Promise<void> {
    clearInterval(this.timer)
    heldHere.delete(this.content)
    if (this.lost) return
    if ((await readFile(this.path, 'utf8').catch(() => undefined)) === this.content) {
      await rm(this.path, { force: true })
    }
  }

  private async heartbeat(): Promise<void> {
    if (this.lost) return
    const content = await readFile(this.path, 'utf8').catch(() => undefined)
    if (content !== this.content) {
      clearInterval(this.timer)
      heldHere.delete(this.content)
      this.lost = new AlipayStoreUnavailableError(
        `FileStore lost its lock ${this.path}: another process took the directory over (this one did not show it was alive for ${LOCK_STALE_MS / 1000} s). Writes are refused from now on; restart this process.`,
      )
      return
    }
    const now = new Date()
    await utimes(this.path, now, now)
    this.verifiedAt = now.getTime()
  }
}

/** Watches the lock until its holder shows it is alive (true), or until its heartbeat is stale. */
async function stillAlive(path: string, seen: SeenLock): Promise<boolean> {
  while (Date.now() - seen.heartbeatAt < LOCK_STALE_MS) {
    await new Promise((resolve) => setTimeout(resolve, WATCH_MS))
    const now = await readLock(path)
    if (now === undefined) return false
    if (now.content !== seen.content || now.heartbeatAt !== seen.heartbeatAt) return true
  }
  return false
}

/**
 * Moves the stale lock aside, then checks that it was the one judged stale: another opener may
 * have replaced it meanwhile, and then its fresh lock is put back.
 */
async function takeOver(path: string, stale: SeenLock): Promise<void> {
  const aside = `${path}.${randomUUID()}.stale`
  try {
    await rename(path, aside)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return
    throw error
  }
  if ((await readFile(aside, 'utf8')) !== stale.content) {
    await link(aside, path).catch(() => undefined)
  }
  await rm(aside, { force: true })
}
