import { parse } from 'yaml'

/** One version's entry in a registry packument: what pnpm needs to resolve and fetch it. */
export interface VersionManifest {
  name: string
  version: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  engines?: Record<string, string>
  os?: string[]
  cpu?: string[]
  libc?: string[]
  dist: { integrity: string; tarball: string }
}

interface LockedPackage {
  resolution?: { integrity?: string }
  engines?: Record<string, string>
  os?: string[]
  cpu?: string[]
  libc?: string[]
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
}

interface LockedSnapshot {
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

interface Lockfile {
  packages?: Record<string, LockedPackage>
  snapshots?: Record<string, LockedSnapshot>
}

/**
 * Registry metadata for every package version the workspace lockfile pins, so that a project
 * outside the workspace can resolve against exactly what `pnpm install` already put in the store.
 * Dependencies are the exact versions the lockfile chose; tarball URLs point at `registryUrl`
 * and are never fetched while the store holds the integrity they name.
 */
export function versionsFromLockfile(lockfileText: string, registryUrl: string): VersionManifest[] {
  const lockfile = parse(lockfileText) as Lockfile
  const snapshots = new Map<string, LockedSnapshot>()
  for (const [key, snapshot] of Object.entries(lockfile.snapshots ?? {})) {
    const id = withoutPeerSuffix(key)
    if (!snapshots.has(id)) snapshots.set(id, snapshot ?? {})
  }
  const versions: VersionManifest[] = []
  for (const [id, locked] of Object.entries(lockfile.packages ?? {})) {
    const integrity = locked.resolution?.integrity
    if (!integrity) continue
    const { name, version } = splitPackageId(id)
    const snapshot = snapshots.get(id) ?? {}
    const peers = new Set(Object.keys(locked.peerDependencies ?? {}))
    versions.push({
      name,
      version,
      dependencies: asRanges(snapshot.dependencies, peers),
      optionalDependencies: asRanges(snapshot.optionalDependencies, peers),
      peerDependencies: locked.peerDependencies,
      peerDependenciesMeta: locked.peerDependenciesMeta,
      engines: locked.engines,
      os: locked.os,
      cpu: locked.cpu,
      libc: locked.libc,
      dist: {
        integrity,
        tarball: `${registryUrl}/${name}/-/${name.split('/').pop()}-${version}.tgz`,
      },
    })
  }
  return versions
}

/** `vitest@4.1.0(@types/node@20.0.0)` → `vitest@4.1.0`. */
function withoutPeerSuffix(id: string): string {
  const paren = id.indexOf('(')
  return paren === -1 ? id : id.slice(0, paren)
}

function splitPackageId(id: string): { name: string; version: string } {
  const at = id.lastIndexOf('@')
  return { name: id.slice(0, at), version: id.slice(at + 1) }
}

/** Locked versions as ranges: `1.2.3` stays, an alias `other@1.2.3` becomes `npm:other@1.2.3`. */
function asRanges(
  locked: Record<string, string> | undefined,
  peers: Set<string>,
): Record<string, string> | undefined {
  if (!locked) return undefined
  const ranges: Record<string, string> = {}
  for (const [name, value] of Object.entries(locked)) {
    if (peers.has(name)) continue
    const version = withoutPeerSuffix(value)
    ranges[name] = version.lastIndexOf('@') > 0 ? `npm:${version}` : version
  }
  return ranges
}
