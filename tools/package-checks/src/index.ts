export { attwProblems } from './attw-check.js'
export { checkedInListing, EXPORT_LISTING_FILE, exportListing } from './export-listing.js'
export { type PackedPackage, packPackage, withoutPnpmScriptConfig } from './pack.js'
export { publintMessages } from './publint-check.js'
export {
  type PackageManifest,
  type PublishedPackage,
  publishedPackages,
  REPO_ROOT,
} from './published-packages.js'
export { type PlannedRelease, releasePlan } from './release-plan.js'
export { tarballManifest } from './tarball-manifest.js'
