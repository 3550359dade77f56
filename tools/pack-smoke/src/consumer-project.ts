import { execFile } from 'node:child_process'
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import {
  packPackage,
  publishedPackages,
  REPO_ROOT,
  tarballManifest,
  withoutPnpmScriptConfig,
} from '@alipay-isv/package-checks'
import { versionsFromLockfile } from './lockfile-packuments.js'
import { startLoopbackRegistry } from './loopback-registry.js'

const run = promisify(execFile)
const FIXTURES = join(REPO_ROOT, 'tools/pack-smoke/fixtures')

/** What a user of the packages installs beside them: the peers, their types, and typescript's. */
const THIRD_PARTY = [
  'alipay-sdk@^4',
  'fastify@^5',
  'koa@^3',
  'ioredis@^5',
  'pg@^8',
  'mysql2@^3',
  'msw@^2',
  '@types/koa@^3',
  '@types/pg@^8',
  '@types/node@^20',
]

export interface ConsumerProject {
  dir: string
  /** The published packages' names, as installed. */
  packages: string[]
}

/**
 * Packs every published package and installs the tarballs, with their peers, into a new project
 * in `root` (outside the workspace) the way a user would from the registry, but with no network:
 * pnpm resolves against a loopback registry built from the workspace lockfile and takes every
 * file from the pnpm store that `pnpm install --frozen-lockfile` filled.
 */
export async function installConsumerProject(root: string): Promise<ConsumerProject> {
  const tarballDir = join(root, 'tarballs')
  const dir = join(root, 'consumer')
  await mkdir(tarballDir)
  await mkdir(dir)
  const lockfile = await readFile(join(REPO_ROOT, 'pnpm-lock.yaml'), 'utf8')
  const registry = await startLoopbackRegistry((url) => versionsFromLockfile(lockfile, url))
  try {
    const names: string[] = []
    for (const pkg of await publishedPackages()) {
      const { tarball } = await packPackage(pkg.dir, tarballDir)
      await registry.publish(tarball, await tarballManifest(tarball))
      names.push(pkg.name)
    }
    await writeFile(
      join(dir, 'package.json'),
      `${JSON.stringify({ name: 'alipay-isv-consumer', private: true, type: 'module' })}\n`,
    )
    const env = withoutPnpmScriptConfig(process.env)
    const { stdout: store } = await run('pnpm', ['store', 'path'], { cwd: REPO_ROOT, env })
    const settings = [
      `--registry=${registry.url}`,
      `--store-dir=${store.trim()}`,
      `--cache-dir=${join(root, 'pnpm-cache')}`,
      '--config.frozen-lockfile=false',
      '--reporter=append-only',
    ]
    await run('pnpm', ['add', ...names, ...THIRD_PARTY, ...settings], { cwd: dir, env }).catch(
      (error: { stdout?: string; stderr?: string }) => {
        const missing = registry.misses().join(', ') || 'nothing'
        throw new Error(
          `pnpm add failed (asked the loopback registry for unknown: ${missing}):\n${error.stdout}\n${error.stderr}`,
        )
      },
    )
    await cp(FIXTURES, dir, { recursive: true })
    return { dir, packages: names }
  } finally {
    await registry.close()
  }
}
