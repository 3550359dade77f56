import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { publishedPackages, REPO_ROOT, releasePlan } from '../src/index.js'

/** 0.0.0 was never published: the changesets pending on it make the first release. */
const UNRELEASED = '0.0.0'
const FIRST_RELEASE = '0.1.0'

const packages = await publishedPackages()
const plan = await releasePlan()
const pending = (await readdir(join(REPO_ROOT, '.changeset')))
  .filter((file) => file.endsWith('.md') && file !== 'README.md')
  .map((file) => file.slice(0, -'.md'.length))
const planned = packages.map((pkg) => ({
  pkg,
  release: plan.find((release) => release.name === pkg.name),
}))

describe('the release `changeset status` plans agrees with the package versions', () => {
  it('starts every published package from the version in its package.json, one version for all', () => {
    const versions = new Set(packages.map((pkg) => pkg.manifest.version))
    expect(versions.size).toBe(1)
    for (const { pkg, release } of planned) {
      if (release?.type !== 'none') expect(release?.oldVersion, pkg.name).toBe(pkg.manifest.version)
    }
    const next = new Set(planned.map(({ release }) => release?.newVersion))
    expect(next.size).toBe(1)
  })

  // Once released, later changesets may bump any number of packages; until then this holds.
  it.runIf(packages[0]?.manifest.version === UNRELEASED)(
    `makes ${UNRELEASED} the first release, ${FIRST_RELEASE}, told in one changeset per package`,
    () => {
      for (const { pkg, release } of planned) {
        expect(release, pkg.name).toMatchObject({ newVersion: FIRST_RELEASE })
        expect(release?.changesets, pkg.name).toHaveLength(1)
      }
      const ids = planned.flatMap(({ release }) => release?.changesets ?? [])
      expect(new Set(ids).size).toBe(packages.length)
      expect(pending.sort()).toEqual(ids.sort())
    },
  )

  it('releases no private package', () => {
    const published = new Set(packages.map((pkg) => pkg.name))
    const others = plan.filter((release) => !published.has(release.name))
    expect(others.filter((release) => release.type !== 'none')).toEqual([])
  })
})
