import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { PackTarball } from './npm-pack.js'
import { type NodeRuntime, PACKAGE_NAME } from './runtimes.js'

const run = promisify(execFile)

/**
 * The path of `runtime`'s node binary in `cacheDir`, fetching and unpacking it first when it is
 * not there yet. A tarball whose integrity differs from the pinned one is refused and nothing is
 * cached. Several processes may race: each unpacks privately and the first rename wins.
 */
export async function ensureRuntime(
  runtime: NodeRuntime,
  cacheDir: string,
  pack: PackTarball,
  log: (line: string) => void = () => {},
): Promise<string> {
  const spec = `${PACKAGE_NAME}@${runtime.version}`
  const home = join(cacheDir, spec)
  const binary = join(home, 'bin', 'node')
  if (existsSync(binary)) return binary

  log(`fetching ${spec} from the npm registry into ${cacheDir} (once; later runs reuse it)`)
  await mkdir(cacheDir, { recursive: true })
  const scratch = await mkdtemp(join(cacheDir, '.fetching-'))
  try {
    const tarball = await pack(spec, scratch)
    const integrity = `sha512-${createHash('sha512')
      .update(await readFile(tarball))
      .digest('base64')}`
    if (integrity !== runtime.integrity) {
      throw new Error(
        `${spec} from the registry has integrity ${integrity}, not the pinned ${runtime.integrity}: ` +
          'check the npm registry your npm config points at, or update tools/node-matrix/src/runtimes.ts',
      )
    }
    // Only the binary and its licence: the headers in the tarball are for building addons.
    await run('tar', ['-xzf', tarball, '-C', scratch, 'package/bin', 'package/LICENSE'])
    await rename(join(scratch, 'package'), home).catch((error: unknown) => {
      if (!existsSync(binary)) throw error
    })
    return binary
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
