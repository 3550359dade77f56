import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  attwProblems,
  type PackedPackage,
  packPackage,
  publintMessages,
  publishedPackages,
  REPO_ROOT,
  tarballManifest,
} from '../src/index.js'

const packages = await publishedPackages()
const SUPPORTED_NODE = '>=20.19'
/** What a user needs from a tarball (examples: files its README runs); npm adds README and LICENSE. */
const SHIPPED =
  /^(dist\/.+|bin\/[^/]+\.mjs|examples\/.+|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/

let packDir: string
const packed = new Map<string, PackedPackage>()

beforeAll(async () => {
  packDir = await mkdtemp(join(tmpdir(), 'alipay-isv-package-checks-'))
  for (const pkg of packages) packed.set(pkg.name, await packPackage(pkg.dir, packDir))
})

afterAll(async () => {
  if (packDir) await rm(packDir, { recursive: true, force: true })
})

function tarballOf(name: string): PackedPackage {
  const result = packed.get(name)
  if (!result) throw new Error(`${name} was not packed`)
  return result
}

describe('the set of published packages', () => {
  it('is exactly the fixed group that changesets versions together', async () => {
    const config = JSON.parse(await readFile(join(REPO_ROOT, '.changeset/config.json'), 'utf8'))
    expect(packages.map((pkg) => pkg.name)).toEqual([...config.fixed[0]].sort())
  })
})

describe.each(packages.map((pkg) => [pkg.name, pkg] as const))('%s', (name, pkg) => {
  it('passes publint --strict without a single message', async () => {
    expect(await publintMessages(tarballOf(name).tarball)).toEqual([])
  })

  it('resolves to types and code for ESM and CJS on every entry (arethetypeswrong, node16)', async () => {
    expect(await attwProblems(tarballOf(name).tarball)).toEqual([])
  })

  it('exports every subpath with import and require conditions, each with its own types', () => {
    for (const [subpath, target] of Object.entries(pkg.manifest.exports ?? {})) {
      if (subpath === './package.json') continue
      expect(target, subpath).toEqual({
        import: {
          types: expect.stringMatching(/\.d\.mts$/),
          default: expect.stringMatching(/\.mjs$/),
        },
        require: {
          types: expect.stringMatching(/\.d\.cts$/),
          default: expect.stringMatching(/\.cjs$/),
        },
      })
    }
  })

  it('ships only dist, its bin and examples, README, CHANGELOG and LICENSE', () => {
    const { files } = tarballOf(name)
    expect(files.filter((file) => !SHIPPED.test(file))).toEqual([])
    expect(files).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md', 'LICENSE']))
  })

  it('carries the repository LICENSE word for word', async () => {
    const [own, root] = await Promise.all([
      readFile(join(pkg.dir, 'LICENSE'), 'utf8'),
      readFile(join(REPO_ROOT, 'LICENSE'), 'utf8'),
    ])
    expect(own).toBe(root)
    expect(pkg.manifest.license).toBe('MIT')
  })

  it('has no workspace: range left once packed, so it installs from the registry', async () => {
    const manifest = await tarballManifest(tarballOf(name).tarball)
    const ranges = Object.values({ ...manifest.dependencies, ...manifest.peerDependencies })
    expect(ranges.filter((range) => range.startsWith('workspace:'))).toEqual([])
  })

  it('declares the supported Node versions, public access and which files have side effects', () => {
    expect(pkg.manifest.engines).toEqual({ node: SUPPORTED_NODE })
    expect(pkg.manifest.publishConfig).toMatchObject({ access: 'public' })
    // Only a CLI script runs on load; every library module can be tree-shaken.
    const binScripts = Object.values(pkg.manifest.bin ?? {})
    expect(pkg.manifest.sideEffects).toEqual(binScripts.length === 0 ? false : binScripts)
  })
})

describe('peer dependencies', () => {
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg.manifest]))

  it.each([
    ['@alipay-isv/fastify', 'fastify', '^5', false],
    ['@alipay-isv/koa', 'koa', '^2 || ^3', false],
    ['@alipay-isv/core', 'ioredis', '^5.0.0', true],
    ['@alipay-isv/mock-alipay', 'msw', '^2.0.0', true],
    ['@alipay-isv/alipay-sdk', 'alipay-sdk', '>=4.14.0 <5', false],
    ['@alipay-isv/alipay-sdk', '@alipay-isv/core', 'workspace:>=0.0.0 <1', false],
  ])('%s asks its user for %s %s (optional: %s)', (name, peer, range, optional) => {
    const manifest = byName.get(name)
    expect(manifest?.peerDependencies?.[peer]).toBe(range)
    expect(manifest?.peerDependenciesMeta?.[peer]?.optional ?? false).toBe(optional)
    expect(manifest?.dependencies?.[peer]).toBeUndefined()
  })
})
