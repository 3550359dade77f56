import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** The fields of a package.json these checks read. */
export interface PackageManifest {
  name: string
  version: string
  private?: boolean
  license?: string
  files?: string[]
  sideEffects?: boolean | string[]
  bin?: Record<string, string>
  engines?: Record<string, string>
  exports?: Record<string, unknown>
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  publishConfig?: Record<string, string>
}

export interface PublishedPackage {
  name: string
  /** Absolute path of the package's folder. */
  dir: string
  manifest: PackageManifest
}

/** Workspace folders that hold packages users install; tools/ is private by design. */
const PUBLISHABLE_FOLDERS = ['packages', 'apps']

/**
 * Every workspace package that is not private, read from disk so that a new published package is
 * checked without anyone remembering to list it.
 */
export async function publishedPackages(): Promise<PublishedPackage[]> {
  const found: PublishedPackage[] = []
  for (const folder of PUBLISHABLE_FOLDERS) {
    for (const entry of await readdir(join(REPO_ROOT, folder), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue
      const dir = join(REPO_ROOT, folder, entry.name)
      const manifest = await readManifest(dir)
      if (manifest && !manifest.private) found.push({ name: manifest.name, dir, manifest })
    }
  }
  return found.sort((a, b) => (a.name < b.name ? -1 : 1))
}

async function readManifest(dir: string): Promise<PackageManifest | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageManifest
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
