import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileStore } from '@alipay-isv/core'
import { type ScenarioContext, withApp } from './context.js'
import type { AdapterHarness, ScenarioAppOptions } from './harness.js'

/** Every byte of a store's directory, file by file. */
export async function storeBytes(dir: string): Promise<Array<[string, Buffer]>> {
  const files = (await readdir(dir)).sort()
  return Promise.all(
    files.map(async (file): Promise<[string, Buffer]> => [file, await readFile(join(dir, file))]),
  )
}

/** The adapter over a FileStore in a fresh directory, closed and removed afterwards. */
export async function withFileStore(
  harness: AdapterHarness,
  body: (context: ScenarioContext, dir: string) => Promise<void>,
  extra: Partial<ScenarioAppOptions> = {},
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'alipay-scenario-store-'))
  let store: FileStore | undefined
  try {
    await withApp(
      harness,
      async (world) => {
        store = await FileStore.open({ dir, clock: world.clock })
        return { ...world.appAuthOptions(), store, ...extra } as ScenarioAppOptions
      },
      (context) => body(context, dir),
    )
  } finally {
    await store?.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** The bytes a store's directory holds, all files together. */
export async function storeSize(dir: string): Promise<number> {
  return (await storeBytes(dir)).reduce((total, [, bytes]) => total + bytes.length, 0)
}
