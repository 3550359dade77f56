import { spawn } from 'node:child_process'
import {
  chmod,
  mkdir,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { AlipayConfigError } from '../../src/errors.js'
import { FileStore } from '../../src/stores/index.js'
import { sampleMerchantToken } from '../../src/testing/sample-records.js'
import { useTemporaryDirectories } from './temporary-directories.js'

const mode = async (path: string) => (await stat(path)).mode & 0o777

const freshDirectory = useTemporaryDirectories()

/** Another process holding the store open, until the test kills it. */
async function holdInAnotherProcess(dir: string) {
  const script = fileURLToPath(new URL('./fixtures/hold-store.ts', import.meta.url))
  const packageRoot = fileURLToPath(new URL('../..', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', script, dir], { cwd: packageRoot })
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('open') && resolve())
    child.on('exit', (code) => reject(new Error(`holder exited (${code})`)))
  })
  const exited = new Promise((resolve) => child.on('exit', resolve))
  return { pid: child.pid, kill: () => child.kill('SIGKILL') && exited }
}

/** A lock as a process in another container (another PID namespace, PID 1) leaves it. */
async function foreignLock(dir: string): Promise<() => void> {
  const path = join(dir, 'store.lock')
  const holder = { token: 'x', pid: 1, host: 'other-container', namespace: 'elsewhere', since: 1 }
  await mkdir(dir, { recursive: true, mode: 0o700 })
  await writeFile(path, JSON.stringify(holder))
  const beat = setInterval(() => void utimes(path, new Date(), new Date()).catch(() => {}), 200)
  return () => clearInterval(beat)
}

describe('FileStore: one process per directory', () => {
  it('refuses a second process, naming the holder, and takes over at once once it is killed', async () => {
    const dir = await freshDirectory()
    const holder = await holdInAnotherProcess(dir)
    const opening = FileStore.open({ dir })
    await expect(opening).rejects.toThrow(AlipayConfigError)
    await expect(opening).rejects.toThrow(
      new RegExp(`in use by process ${holder.pid} on host .*RedisStore`),
    )
    await holder.kill()
    const store = await FileStore.open({ dir })
    await store.set(sampleMerchantToken('2021000000000001'))
    await store.close()
  })

  it('refuses while a holder in another PID namespace shows it is alive, takes over once it stops', async () => {
    const dir = await freshDirectory()
    const stopBeating = await foreignLock(dir)
    await expect(FileStore.open({ dir })).rejects.toThrow(/process 1 on host other-container/)
    stopBeating()
    const store = await FileStore.open({ dir })
    expect(JSON.parse(await readFile(join(dir, 'store.lock'), 'utf8'))).toMatchObject({
      pid: process.pid,
    })
    await store.close()
  })

  it('refuses writes once another process has taken its lock', async () => {
    const dir = await freshDirectory()
    const store = await FileStore.open({ dir })
    await store.set(sampleMerchantToken('2021000000000001'))
    await writeFile(join(dir, 'store.lock'), JSON.stringify({ token: 'thief', pid: 1 }))
    let refusal: unknown
    for (let attempt = 0; attempt < 100 && !refusal; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      refusal = await store.set(sampleMerchantToken('2021000000000002')).catch((error) => error)
    }
    expect(String(refusal)).toMatch(/lost its lock .*restart this process/)
    await store.close()
    expect(await readFile(join(dir, 'store.lock'), 'utf8')).toContain('thief')
  })

  it('refuses a second open in this process through another path to the same directory', async () => {
    const dir = await freshDirectory()
    await symlink(dir, `${dir}-link`)
    const store = await FileStore.open({ dir })
    await expect(FileStore.open({ dir: `${dir}-link` })).rejects.toThrow(
      new RegExp(`in use by process ${process.pid}`),
    )
    await store.close()
    await rm(`${dir}-link`)
  })

  it('releases its lock on close', async () => {
    const dir = await freshDirectory()
    await (await FileStore.open({ dir })).close()
    expect(await readdir(dir)).toEqual(['store.log'])
  })
})

describe.skipIf(process.platform === 'win32')('FileStore file modes', () => {
  it('creates its directory 0700 and its files 0600, also after a compaction', async () => {
    const dir = join(await freshDirectory(), 'store')
    const store = await FileStore.open({ dir })
    expect(await mode(join(dir, 'store.lock'))).toBe(0o600)
    await Promise.all(Array.from({ length: 2500 }, () => store.set(sampleMerchantToken('1'))))
    await store.close()
    expect(await mode(dir)).toBe(0o700)
    expect(await mode(join(dir, 'store.log'))).toBe(0o600)
  })

  it('narrows an existing log to 0600, and warns about a directory open to others', async () => {
    const dir = await freshDirectory()
    await chmod(dir, 0o755)
    await writeFile(join(dir, 'store.log'), '', { mode: 0o644 })
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    try {
      const store = await FileStore.open({ dir })
      await store.close()
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/open to other users \(mode 755\).*chmod 700/),
        'AlipayIsvSecurityWarning',
      )
    } finally {
      warn.mockRestore()
    }
    expect(await mode(join(dir, 'store.log'))).toBe(0o600)
  })
})

describe('FileStore damaged records', () => {
  async function twoRecords(dir: string) {
    const store = await FileStore.open({ dir })
    await store.set(sampleMerchantToken('2021000000000001', { appAuthToken: 'secret-token-1' }))
    await store.set(sampleMerchantToken('2021000000000001', { appAuthToken: 'secret-token-2' }))
    await store.close()
    return join(dir, 'store.log')
  }

  it('refuses a whole last record that does not verify, naming it, and keeps the bytes', async () => {
    const dir = await freshDirectory()
    const log = await twoRecords(dir)
    const damaged = (await readFile(log, 'utf8')).replace('secret-token-2', 'secret-token-X')
    await writeFile(log, damaged)
    const opening = FileStore.open({ dir })
    await expect(opening).rejects.toThrow(
      /damaged at line 2 \(byte \d+, a set of merchant app 2021000000000001\).*repair: true/,
    )
    await expect(opening).rejects.not.toThrow(/secret/)
    expect(await readFile(log, 'utf8')).toBe(damaged)
    // The store is not left locked by the refused open.
    await expect(FileStore.open({ dir })).rejects.toThrow(/damaged at line 2/)
  })

  it('repairs on purpose: drops the damaged record, keeping the file as it was aside', async () => {
    const dir = await freshDirectory()
    const log = await twoRecords(dir)
    const damaged = (await readFile(log, 'utf8')).replace('secret-token-2', 'secret-token-X')
    await writeFile(log, damaged)
    const warnings: unknown[][] = []
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation((...args) => {
      warnings.push(args)
    })
    const store = await FileStore.open({ dir, repair: true }).finally(() => warn.mockRestore())
    expect((await store.get('2021000000000001'))?.appAuthToken).toBe('secret-token-1')
    await store.close()
    const aside = (await readdir(dir)).find((name) => name.startsWith('store.log.damaged-'))
    expect(await readFile(join(dir, aside ?? 'missing'), 'utf8')).toBe(damaged)
    expect(warnings).toEqual([
      [expect.stringContaining(aside ?? 'missing'), 'AlipayIsvRepairWarning'],
    ])
    const reopened = await FileStore.open({ dir })
    expect((await reopened.get('2021000000000001'))?.appAuthToken).toBe('secret-token-1')
    await reopened.close()
  })
})
