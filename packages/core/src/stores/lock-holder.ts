import { readFile, readlink, stat } from 'node:fs/promises'
import { hostname } from 'node:os'
import { errorCode } from './append-log.js'

/** Who holds a FileStore directory: written into its lock file when taken. */
export interface LockHolder {
  /** Random, so that two holders never write the same lock content. */
  token: string
  pid: number
  host: string
  /**
   * The PID namespace and boot of the holder (Linux): a PID means the same process only within
   * one namespace, and in containers every process may be PID 1.
   */
  namespace?: string
  /** Epoch ms when the lock was taken. */
  since: number
}

/** A lock file as read: its exact content, and when its holder last showed it was alive. */
export interface SeenLock {
  content: string
  holder: Partial<LockHolder>
  heartbeatAt: number
}

export async function readLock(path: string): Promise<SeenLock | undefined> {
  try {
    const [content, stats] = await Promise.all([readFile(path, 'utf8'), stat(path)])
    return { content, holder: parseHolder(content), heartbeatAt: stats.mtimeMs }
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
}

/** This process's namespace identity, when the platform has one to offer. */
export async function processNamespace(): Promise<string | undefined> {
  try {
    const [pidNamespace, bootId] = await Promise.all([
      readlink('/proc/self/ns/pid'),
      readFile('/proc/sys/kernel/random/boot_id', 'utf8'),
    ])
    return `${bootId.trim()}/${pidNamespace}`
  } catch {
    return undefined
  }
}

/**
 * True only when the holder is certainly gone: it ran in this very PID namespace and boot, and
 * no process has its PID any more (or its PID is this process's own). Anything else is decided
 * by its heartbeat.
 */
export function holderIsGone(holder: Partial<LockHolder>, namespace: string | undefined): boolean {
  if (namespace === undefined || holder.namespace !== namespace || !holder.pid) return false
  if (holder.pid === process.pid) return true
  try {
    process.kill(holder.pid, 0)
    return false
  } catch (error) {
    return errorCode(error) === 'ESRCH'
  }
}

export function describeHolder({ holder, heartbeatAt }: SeenLock, now: number): string {
  const since = holder.since ? `, since ${new Date(holder.since).toISOString()}` : ''
  const beat = ((now - heartbeatAt) / 1000).toFixed(1)
  return `process ${holder.pid ?? '?'} on host ${holder.host ?? '?'}${since}; it last showed it is alive ${beat} s ago`
}

export function currentHolder(token: string, namespace: string | undefined): LockHolder {
  return { token, pid: process.pid, host: hostname(), namespace, since: Date.now() }
}

function parseHolder(content: string): Partial<LockHolder> {
  try {
    const parsed: unknown = JSON.parse(content)
    return typeof parsed === 'object' && parsed !== null ? (parsed as Partial<LockHolder>) : {}
  } catch {
    // A lock file cut short by a crash while it was being written: its holder is unknown.
    return {}
  }
}
