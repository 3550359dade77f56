import { spawn } from 'node:child_process'
import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AlipayConfigError, AlipayError } from '../../src/errors.js'
import { FileStore } from '../../src/stores/index.js'
import {
  describeDirectoryStoreConformance,
  describeStoreConformance,
  sampleMerchantToken,
} from '../../src/testing/index.js'
import { useTemporaryDirectories } from './temporary-directories.js'

const HOUR = 3_600_000
const state = {
  browserBinding: 'b',
  redirectUri: 'https://isv.example/cb',
  createdAt: 0,
  kind: 'browser' as const,
}

const freshDirectory = useTemporaryDirectories()

let storeDir = ''
describeStoreConformance(
  'FileStore',
  async (clock) => {
    storeDir = await freshDirectory()
    return FileStore.open({ dir: storeDir, clock })
  },
  { describe, it, beforeEach, afterEach },
  { rawContents: () => filesIn(storeDir) },
)

describeDirectoryStoreConformance(
  'FileStore',
  {
    open: async (dir, { repair }) => {
      if (!repair) return FileStore.open({ dir, repair })
      // Repairing warns, as it must (file-store-safety.test.ts pins the words): taken and
      // checked here, so the expected warning does not read like a failure in the test output.
      const types: unknown[] = []
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation((_warning, type) => {
        types.push(type)
      })
      const store = await FileStore.open({ dir, repair }).finally(() => warn.mockRestore())
      expect(types).toEqual(['AlipayIsvRepairWarning'])
      return store
    },
    // A crash during an append leaves the last line without its end.
    tearLastWrite: async (dir) => {
      const log = join(dir, 'store.log')
      const bytes = await readFile(log)
      await writeFile(log, bytes.subarray(0, bytes.length - 20))
    },
    damageLastRecord: async (dir) => {
      const log = join(dir, 'store.log')
      const bytes = await readFile(log)
      const lastLineStart = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1
      const middle = lastLineStart + Math.floor((bytes.length - lastLineStart) / 2)
      bytes[middle] = bytes[middle] === 0x61 ? 0x62 : 0x61
      await writeFile(log, bytes)
    },
  },
  { describe, it, beforeEach, afterEach },
)

describe('FileStore', () => {
  it('refuses a log damaged before its last record, naming the file but no token', async () => {
    const dir = await freshDirectory()
    const first = await FileStore.open({ dir })
    await first.set(sampleMerchantToken('2021000000000001', { appAuthToken: 'secret-token-1' }))
    await first.set(sampleMerchantToken('2021000000000002', { appAuthToken: 'secret-token-2' }))
    await first.close()
    const log = join(dir, 'store.log')
    await writeFile(log, (await readFile(log, 'utf8')).replace('secret-token-1', 'secret-token-X'))

    const opening = FileStore.open({ dir })
    await expect(opening).rejects.toThrow(AlipayError)
    await expect(opening).rejects.toThrow(/store\.log is damaged at line 1 .*backup/)
    await expect(opening).rejects.not.toThrow(/secret/)
  })

  it('compacts a log that has grown past its live data, keeping every live record', async () => {
    const dir = await freshDirectory()
    const store = await FileStore.open({ dir })
    const log = join(dir, 'store.log')
    await Promise.all(
      Array.from({ length: 3000 }, (_, version) =>
        store.set(sampleMerchantToken('2021000000000001', { updatedAt: version })),
      ),
    )
    await store.set(sampleMerchantToken('2021000000000002'))
    await store.put('state-1', state, HOUR)
    await store.close()
    const oneRecord = (await readFile(log, 'utf8')).split('\n')[0]!.length

    expect((await stat(log)).size).toBeLessThan(10 * oneRecord)
    const reopened = await FileStore.open({ dir })
    expect(await reopened.get('2021000000000001')).toEqual(
      sampleMerchantToken('2021000000000001', { updatedAt: 2999 }),
    )
    expect(await reopened.get('2021000000000002')).toEqual(sampleMerchantToken('2021000000000002'))
    expect(await reopened.take('state-1')).toEqual(state)
    await reopened.close()
  })

  it('leaves expired states and claims out of a compacted log', async () => {
    let now = 0
    const dir = await freshDirectory()
    const store = await FileStore.open({ dir, clock: () => now })
    await store.put('state-1', state, HOUR)
    await store.claim('code-1', HOUR)
    now = HOUR
    await Promise.all(Array.from({ length: 1000 }, () => store.set(sampleMerchantToken('1'))))
    await store.close()

    const lines = (await readFile(join(dir, 'store.log'), 'utf8')).trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('"op":"set"')
  })

  it('says which directory it cannot use and what to do about it', async () => {
    const notADirectory = join(await freshDirectory(), 'a-file')
    await appendFile(notADirectory, 'x')
    const opening = FileStore.open({ dir: notADirectory })
    await expect(opening).rejects.toThrow(AlipayConfigError)
    await expect(opening).rejects.toThrow(/a-file .*Make it a directory this process can read/)
  })

  it('loses no acknowledged write when its process is killed mid-write', async () => {
    const dir = await freshDirectory()
    const acknowledged = await runCrashWriter(dir, { killAfterSets: 3000, by: 'test' })
    await expectAllPresent(dir, acknowledged, 3000)
  })

  it('loses no acknowledged write when killed the moment after acknowledging it', async () => {
    const dir = await freshDirectory()
    const acknowledged = await runCrashWriter(dir, { killAfterSets: 1000, by: 'itself' })
    await expectAllPresent(dir, acknowledged, 1000)
  })
})

/** Every file of a store's directory, as text. */
async function filesIn(dir: string): Promise<string> {
  const names = await readdir(dir)
  return (await Promise.all(names.map((name) => readFile(join(dir, name), 'utf8')))).join('\n')
}

async function expectAllPresent(dir: string, acknowledged: string[], minimumSets: number) {
  const store = await FileStore.open({ dir })
  let sets = 0
  for (const line of acknowledged) {
    const [kind, key, version] = line.split(' ') as [string, string, string | undefined]
    if (kind === 'set') {
      sets++
      expect((await store.get(key))?.updatedAt).toBeGreaterThanOrEqual(Number(version))
    } else if (kind === 'claim') {
      expect(await store.claim(key, HOUR)).toBe(false)
    } else {
      expect(await store.take(key)).toBeUndefined()
    }
  }
  expect(sets).toBeGreaterThanOrEqual(minimumSets)
  await store.close()
}

/**
 * Runs fixtures/crash-writer.ts until it is SIGKILLed once `killAfterSets` sets are
 * acknowledged, by this test or by itself; returns every line it printed.
 */
function runCrashWriter(
  dir: string,
  { killAfterSets, by }: { killAfterSets: number; by: 'test' | 'itself' },
): Promise<string[]> {
  const script = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url))
  const packageRoot = fileURLToPath(new URL('../..', import.meta.url))
  const args = ['--import', 'tsx', script, dir, ...(by === 'itself' ? [String(killAfterSets)] : [])]
  const child = spawn(process.execPath, args, { cwd: packageRoot })
  let stdout = ''
  let stderr = ''
  let sets = 0
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk
  })
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString()
    stdout += text
    sets += text.split('set ').length - 1
    if (by === 'test' && sets >= killAfterSets) child.kill('SIGKILL')
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`crash writer exited on its own (${code}): ${stderr}`))
        return
      }
      // Whole lines only: the kill may cut the last one.
      resolve(stdout.split('\n').slice(0, -1))
    })
  })
}
