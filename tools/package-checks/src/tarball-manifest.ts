import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { PackageManifest } from './published-packages.js'

const run = promisify(execFile)

/** The package.json inside a packed tarball: what the registry would serve to installers. */
export async function tarballManifest(tarball: string): Promise<PackageManifest> {
  const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json'])
  return JSON.parse(stdout) as PackageManifest
}
