import { writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  checkedInListing,
  EXPORT_LISTING_FILE,
  exportListing,
  publishedPackages,
  REPO_ROOT,
} from '../src/index.js'

const packages = await publishedPackages()
/** `UPDATE_EXPORTS=1 pnpm check:packages` rewrites the listings after a deliberate change. */
const update = process.env.UPDATE_EXPORTS === '1'

describe.each(packages.map((pkg) => [pkg.name, pkg] as const))('%s', (_name, pkg) => {
  it(`exports exactly what ${EXPORT_LISTING_FILE} lists, entry point by entry point`, async () => {
    const built = exportListing(pkg)
    const file = join(pkg.dir, EXPORT_LISTING_FILE)
    if (update) await writeFile(file, built)
    expect(
      built,
      `the public surface changed: review it, then UPDATE_EXPORTS=1 to rewrite ${relative(REPO_ROOT, file)}`,
    ).toBe(await checkedInListing(pkg))
  })
})
