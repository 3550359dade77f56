import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Downloads a package's tarball into `destination` and returns its path. */
export type PackTarball = (spec: string, destination: string) => Promise<string>

/**
 * `npm pack <spec>`: the registry's tarball through npm's own client, so the user's registry,
 * proxy and npm cache settings apply. Nothing is installed and no package script runs.
 */
export const npmPack: PackTarball = async (spec, destination) => {
  const { stdout } = await run('npm', ['pack', spec, '--pack-destination', destination, '--json'], {
    maxBuffer: 16 * 1024 * 1024,
  })
  const [packed] = JSON.parse(stdout) as [{ filename: string }]
  return join(destination, packed.filename)
}
