import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename } from 'node:path'
import type { VersionManifest } from './lockfile-packuments.js'

export interface LoopbackRegistry {
  url: string
  /** Publishes a packed tarball: its package.json becomes a version, its bytes are served. */
  publish(tarball: string, manifest: Omit<VersionManifest, 'dist'>): Promise<void>
  /** Names that were asked for and not known: what a failed install was missing. */
  misses(): string[]
  close(): Promise<void>
}

/**
 * An npm registry on 127.0.0.1 that knows only what it is given: the versions the workspace
 * lockfile pins (their files already sit in the pnpm store, so no tarball of theirs is ever
 * requested) and the tarballs published to it. Unknown names get a 404, never a trip outside.
 */
export async function startLoopbackRegistry(
  build: (url: string) => VersionManifest[],
): Promise<LoopbackRegistry> {
  const packuments = new Map<string, Map<string, VersionManifest>>()
  const tarballs = new Map<string, Buffer>()
  const missed = new Set<string>()
  const add = (version: VersionManifest) => {
    const versions = packuments.get(version.name) ?? new Map<string, VersionManifest>()
    versions.set(version.version, version)
    packuments.set(version.name, versions)
  }

  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://registry').pathname)
    const tarball = tarballs.get(path)
    const versions = packuments.get(path.slice(1))
    if (tarball) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball)
    } else if (versions) {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(packument(path.slice(1), versions))
    } else {
      missed.add(path)
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  for (const version of build(url)) add(version)

  return {
    url,
    async publish(file, manifest) {
      const bytes = await readFile(file)
      const path = `/-/published/${basename(file)}`
      tarballs.set(path, bytes)
      const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`
      add({ ...manifest, dist: { integrity, tarball: `${url}${path}` } })
    },
    misses: () => [...missed],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function packument(name: string, versions: Map<string, VersionManifest>): string {
  // Installs name a range for every package; `latest` only has to be a real version.
  const latest = [...versions.keys()].filter((version) => !version.includes('-')).at(-1)
  return JSON.stringify({
    name,
    'dist-tags': { latest: latest ?? [...versions.keys()][0] },
    versions: Object.fromEntries(versions),
  })
}
