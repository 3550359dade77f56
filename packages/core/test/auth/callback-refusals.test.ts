import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { CallbackQuery } from '../../src/auth/callback-query.js'
import { AlipayDuplicateCallbackError } from '../../src/errors.js'
import { FileStore } from '../../src/stores/file-store.js'
import { manualClock, useMockAlipay } from '../mocks.js'
import { createAppAuth, startFlow } from './setup.js'

const { alipay } = useMockAlipay()
const directories: string[] = []
afterAll(() => Promise.all(directories.map((dir) => rm(dir, { recursive: true, force: true }))))

/** An AppAuth over a FileStore in a fresh directory, and a way to read every byte it holds. */
async function fileBacked() {
  const dir = await mkdtemp(join(tmpdir(), 'alipay-refusals-'))
  directories.push(dir)
  const clock = manualClock()
  const store = await FileStore.open({ dir, clock })
  const { auth } = createAppAuth({ store, clock })
  const bytes = async () => {
    const files = (await readdir(dir)).sort()
    return Promise.all(files.map(async (file) => [file, await readFile(join(dir, file))] as const))
  }
  return { auth, store, bytes }
}

const refused = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the callback to be refused')
    },
    (error: unknown) => error,
  )

/** Every way a visitor can get a callback refused, given a genuine pending one. */
function refusals(query: Record<string, string>, binding: string) {
  const cases: Array<[string, CallbackQuery, string[]]> = [
    ['no app_id', { ...query, app_id: '' }, [binding]],
    ['another app_id', { ...query, app_id: '2021999999999999' }, [binding]],
    ['another source', { ...query, source: 'elsewhere' }, [binding]],
    ['no code', { ...query, app_auth_code: '' }, [binding]],
    ['a 15 KB code', { ...query, app_auth_code: 'A'.repeat(15_000) }, [binding]],
    ['a code with a NUL', { ...query, app_auth_code: 'code\u0000' }, [binding]],
    ['no state', { ...query, state: '' }, [binding]],
    ['a forged state', { ...query, state: 'forged-state-0123456789abcdef' }, [binding]],
    ['a 15 KB state', { ...query, state: 'S'.repeat(15_000) }, [binding]],
    ['no cookie', query, []],
    ['a foreign cookie', query, ['someone-elses-binding']],
  ]
  return cases
}

describe('a refused callback', () => {
  it('changes nothing in the store, byte for byte, and the genuine callback then succeeds', async () => {
    const { auth, store, bytes } = await fileBacked()
    const { query, browserBinding } = await startFlow(auth)
    const before = await bytes()
    for (const [what, tampered, bindings] of refusals(query, browserBinding)) {
      const error = await refused(auth.handleCallback(tampered, bindings))
      expect(error, what).toHaveProperty('name', 'AlipayStateError')
    }
    expect(await bytes()).toEqual(before)
    expect(alipay.count()).toBe(0)
    expect((await auth.handleCallback(query, browserBinding)).merchants).toHaveLength(1)
    await store.close()
  })

  it('answers a replay from another browser with a duplicate and writes nothing', async () => {
    const { auth, store, bytes } = await fileBacked()
    const { query, browserBinding } = await startFlow(auth)
    await auth.handleCallback(query, browserBinding)
    const before = await bytes()
    const replay = await refused(auth.handleCallback(query, 'another-browser'))
    expect(replay).toBeInstanceOf(AlipayDuplicateCallbackError)
    expect(await bytes()).toEqual(before)
    expect(alipay.count()).toBe(1)
    await store.close()
  })

  it('keeps the store the same size through a burst of 2,000 refused callbacks', async () => {
    const { auth, store, bytes } = await fileBacked()
    const { query, browserBinding } = await startFlow(auth)
    const cases = refusals(query, browserBinding)
    const before = await bytes()
    await Promise.all(
      Array.from({ length: 2000 }, (_, i) => {
        const [, tampered, bindings] = cases[i % cases.length] as (typeof cases)[number]
        return refused(auth.handleCallback(tampered, bindings))
      }),
    )
    expect(await bytes()).toEqual(before)
    await store.close()
  })
})

describe('browser bindings', () => {
  it('completes authorizations started in several tabs of one browser', async () => {
    const { auth } = createAppAuth()
    const first = await auth.authorizeUrl()
    const second = await auth.authorizeUrl({ browserBindings: [first.browserBinding] })
    expect(second.browserBinding).toBe(first.browserBinding)
    const binding = first.browserBinding
    const callback = (state: string, code: string): CallbackQuery => ({
      app_id: auth.appId,
      source: 'alipay_app_auth',
      app_auth_code: code,
      state,
    })
    await auth.handleCallback(callback(second.state, 'code-2'), binding)
    await auth.handleCallback(callback(first.state, 'code-1'), binding)
    expect(alipay.count('authorization_code')).toBe(2)
  })

  it('gives a fresh binding when the browser presents several, one of which may be planted', async () => {
    const { auth } = createAppAuth()
    const planted = (await auth.authorizeUrl()).browserBinding
    const genuine = (await auth.authorizeUrl()).browserBinding
    const next = await auth.authorizeUrl({ browserBindings: [planted, genuine] })
    expect([planted, genuine]).not.toContain(next.browserBinding)
  })

  it('accepts the callback when a planted binding comes before the genuine one', async () => {
    const { auth } = createAppAuth()
    const planted = (await auth.authorizeUrl()).browserBinding
    const { query, browserBinding } = await startFlow(auth)
    const { merchants } = await auth.handleCallback(query, [planted, browserBinding])
    expect(merchants).toHaveLength(1)
  })
})

describe('duplicates', () => {
  it('exchanges 20 identical concurrent callbacks once; the others are duplicates given the result', async () => {
    const { auth } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => auth.handleCallback(query, browserBinding)),
    )
    expect(alipay.count('authorization_code')).toBe(1)
    const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled')
    const duplicates = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as AlipayDuplicateCallbackError] : [],
    )
    expect(succeeded).toHaveLength(1)
    expect(duplicates).toHaveLength(19)
    for (const duplicate of duplicates) {
      expect(duplicate).toBeInstanceOf(AlipayDuplicateCallbackError)
      expect(duplicate.merchants).toHaveLength(1)
    }
  })

  it('still answers a replay as a duplicate a day later, without calling Alipay', async () => {
    const { auth, clock } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    await auth.handleCallback(query, browserBinding)
    clock.advance(23 * 60 * 60_000)
    await expect(auth.handleCallback(query, 'elsewhere')).rejects.toBeInstanceOf(
      AlipayDuplicateCallbackError,
    )
    expect(alipay.count()).toBe(1)
  })
})
