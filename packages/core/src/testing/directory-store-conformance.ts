import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sampleAuthorizationState, sampleMerchantToken } from './sample-records.js'
import type { ConformingStore, TestRunner } from './store-under-test.js'

/**
 * A store that keeps its data in files of one directory (as FileStore does), and the two ways
 * its files get damaged, which only the store knows how to reproduce.
 */
export interface DirectoryStore {
  /** Opens (creating when missing) the store kept in `dir`; `repair` opens a damaged one on purpose. */
  open(dir: string, options: { repair: boolean }): Promise<ConformingStore>
  /** Leaves the files as a crash in the middle of the last write would: that write cut short. */
  tearLastWrite(dir: string): Promise<void>
  /** Changes one byte inside the last complete record, as a disk fault or a hand edit would. */
  damageLastRecord(dir: string): Promise<void>
}

const APP = '2021000000000001'
const OTHER_APP = '2021000000000002'
const HOUR = 3_600_000

/** Every file under `dir` with its bytes, to show that a refused open changed nothing. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    files.set(path, (await readFile(path)).toString('base64'))
  }
  return files
}

/** Paths under `dir` (itself included) whose mode lets anyone but the owner in. */
async function openToOthers(dir: string): Promise<string[]> {
  const paths = [dir]
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    paths.push(join(entry.parentPath, entry.name))
  }
  const open: string[] = []
  for (const path of paths) {
    const mode = (await stat(path)).mode & 0o777
    if ((mode & 0o077) !== 0) open.push(`${path} (mode ${mode.toString(8)})`)
  }
  return open
}

/**
 * Registers the tests a store kept in a local directory must pass besides
 * `describeStoreConformance`: what it wrote survives a restart, one opener at a time, files
 * only its owner can read, a torn last write dropped, any other damage refused until repaired
 * on purpose. Each test works in a fresh directory under the system's temporary directory.
 */
export function describeDirectoryStoreConformance(
  name: string,
  subject: DirectoryStore,
  runner: TestRunner,
): void {
  const { describe, it, beforeEach, afterEach } = runner
  let parent = ''
  let dir = ''
  const opened: ConformingStore[] = []
  const open = async (repair = false) => {
    const store = await subject.open(dir, { repair })
    opened.push(store)
    return store
  }
  /** Two versions of one merchant's record and another merchant's, closed again. */
  const writeTwoVersions = async () => {
    const store = await open()
    await store.set(sampleMerchantToken(OTHER_APP))
    await store.set(sampleMerchantToken(APP, { appAuthToken: 'secret-token-1' }))
    await store.set(sampleMerchantToken(APP, { appAuthToken: 'secret-token-2' }))
    await store.close()
  }

  describe(`${name} (directory store conformance)`, () => {
    beforeEach(async () => {
      parent = await mkdtemp(join(tmpdir(), 'alipay-isv-conformance-'))
      dir = join(parent, 'store')
    })
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()))
      await rm(parent, { recursive: true, force: true })
    })

    it('keeps tokens, states and claims across close and reopen', async () => {
      const first = await open()
      await first.set(sampleMerchantToken(APP))
      await first.set(sampleMerchantToken(OTHER_APP))
      await first.delete(OTHER_APP)
      await first.put('state-kept', sampleAuthorizationState(), HOUR)
      await first.put('state-taken', sampleAuthorizationState(), HOUR)
      await first.take('state-taken')
      await first.claim('code-1', HOUR)
      await first.close()

      const reopened = await open()
      assert.deepStrictEqual(await reopened.list(), [sampleMerchantToken(APP)])
      assert.equal(await reopened.take('state-taken'), undefined)
      assert.deepStrictEqual(await reopened.peek('state-kept'), sampleAuthorizationState())
      assert.equal(await reopened.isClaimed('code-1'), true)
    })

    it('refuses a second opener while open, naming the holder, and opens once closed', async () => {
      const first = await open()
      await assert.rejects(open(), (error: Error) => {
        assert.match(error.message, new RegExp(`\\b${process.pid}\\b`), 'names the holding process')
        return true
      })
      await first.close()
      const second = await open()
      await second.set(sampleMerchantToken(APP))
      assert.deepStrictEqual(await second.get(APP), sampleMerchantToken(APP))
    })

    it('creates its directory and files for its owner alone (0700, 0600)', async () => {
      if (process.platform === 'win32') return // no POSIX modes to check
      const store = await open()
      await store.set(sampleMerchantToken(APP))
      await store.put('state-1', sampleAuthorizationState(), HOUR)
      assert.deepStrictEqual(await openToOthers(dir), [], 'while open')
      await store.close()
      assert.deepStrictEqual(await openToOthers(dir), [], 'once closed')
    })

    it('drops a torn last write and goes on appending after it', async () => {
      await writeTwoVersions()
      await subject.tearLastWrite(dir)

      const afterCrash = await open()
      assert.deepStrictEqual(await afterCrash.get(OTHER_APP), sampleMerchantToken(OTHER_APP))
      assert.equal((await afterCrash.get(APP))?.appAuthToken, 'secret-token-1')
      await afterCrash.set(sampleMerchantToken(APP, { appAuthToken: 'secret-token-3' }))
      await afterCrash.close()

      const reopened = await open()
      assert.equal((await reopened.get(APP))?.appAuthToken, 'secret-token-3')
      assert.deepStrictEqual(await reopened.get(OTHER_APP), sampleMerchantToken(OTHER_APP))
    })

    it('refuses a damaged record, keeping every byte and no token in the error, until repaired on purpose', async () => {
      await writeTwoVersions()
      await subject.damageLastRecord(dir)
      const damaged = await snapshot(dir)

      const refusal = await open().then(
        () => assert.fail('a damaged store opened without repair'),
        (error: Error) => error,
      )
      assert.doesNotMatch(refusal.message, /secret-token/, 'the error holds no token')
      assert.deepStrictEqual(await snapshot(dir), damaged, 'a refused open changes no file')
      // Refused, not left locked: the next try gets the same answer.
      await assert.rejects(open(), { message: refusal.message })

      const repaired = await open(true)
      assert.deepStrictEqual(await repaired.get(OTHER_APP), sampleMerchantToken(OTHER_APP))
      assert.equal((await repaired.get(APP))?.appAuthToken, 'secret-token-1')
      await repaired.close()
      const reopened = await open()
      assert.equal((await reopened.get(APP))?.appAuthToken, 'secret-token-1')
    })
  })
}
