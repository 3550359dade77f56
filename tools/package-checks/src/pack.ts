import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface PackedPackage {
  /** Absolute path of the .tgz. */
  tarball: string
  /** Paths inside the package, as `pnpm pack` put them in the tarball. */
  files: string[]
}

/**
 * Packs a workspace package exactly as `pnpm publish` would (workspace: ranges replaced by
 * versions, `files` applied), into `destination`.
 */
export async function packPackage(dir: string, destination: string): Promise<PackedPackage> {
  const { stdout } = await run('pnpm', ['pack', '--json', '--pack-destination', destination], {
    cwd: dir,
    env: withoutPnpmScriptConfig(process.env),
  })
  const result = JSON.parse(stdout) as { filename: string; files: { path: string }[] }
  return { tarball: result.filename, files: result.files.map((file) => file.path).sort() }
}

/**
 * `pnpm test` hands its children npm_config_* variables meant for the outer run; a nested pnpm
 * must read its own configuration instead.
 */
export function withoutPnpmScriptConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !name.toLowerCase().startsWith('npm_config_')),
  )
}
