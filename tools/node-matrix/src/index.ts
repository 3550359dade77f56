import { homedir } from 'node:os'
import { join } from 'node:path'
import { npmPack } from './npm-pack.js'
import { ensureRuntime } from './runtime-cache.js'
import { MATRIX_RUNTIMES } from './runtimes.js'

export { MATRIX_RUNTIMES, type NodeRuntime } from './runtimes.js'

export type MatrixNode =
  | { major: string; binary: string }
  | { major: string; binary?: undefined; unavailable: string; fetchFailed: boolean }

/** Where fetched runtimes stay between runs and clones: `$NODE_MATRIX_CACHE`, else the user's cache. */
export function runtimeCacheDir(): string {
  if (process.env.NODE_MATRIX_CACHE) return process.env.NODE_MATRIX_CACHE
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache')
  return join(cacheHome, 'alipay-isv', 'node')
}

/**
 * The Node binaries besides the machine's own that every suite must pass under, fetched from the
 * npm registry on first use and cached (see runtimes.ts). They exist for linux-x64 only; elsewhere
 * each major says why it is unavailable, as does a major whose fetch failed.
 */
export async function matrixNodes(
  log: (line: string) => void,
  cacheDir = runtimeCacheDir(),
): Promise<MatrixNode[]> {
  const platform = `${process.platform}-${process.arch}`
  const nodes: MatrixNode[] = []
  for (const runtime of MATRIX_RUNTIMES) {
    const { major } = runtime
    if (platform !== 'linux-x64') {
      const unavailable = `the official builds used here are for linux-x64, not ${platform}`
      nodes.push({ major, unavailable, fetchFailed: false })
      continue
    }
    try {
      nodes.push({ major, binary: await ensureRuntime(runtime, cacheDir, npmPack, log) })
    } catch (error) {
      const unavailable = `Node ${runtime.version} could not be fetched: ${(error as Error).message}`
      nodes.push({ major, unavailable, fetchFailed: true })
    }
  }
  return nodes
}
