import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

/** Fresh directories for FileStores, removed after the calling test file. */
export function useTemporaryDirectories(): () => Promise<string> {
  const directories: string[] = []
  afterAll(async () => {
    await Promise.all(directories.map((dir) => rm(dir, { recursive: true, force: true })))
  })
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alipay-file-store-'))
    directories.push(dir)
    return dir
  }
}
