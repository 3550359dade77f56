import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { KeyCache } from '../../src/key-cache.js'
import { type RunningMockAlipay, startMockAlipay } from '../../src/start.js'
import { testAppKeys } from '../support/alipay-client.js'

// The emulator's own key generation is what this file tests, so it is counted, not replaced by
// testKeyPair. Every RSA key generation anywhere in the emulator goes through these two functions.
const generated = vi.hoisted(() => ({ count: 0 }))
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>()
  const counted = <F extends (...args: never[]) => unknown>(generate: F): F => {
    const wrapper = (...args: Parameters<F>) => {
      generated.count++
      return generate(...args)
    }
    // Keeps Node's own symbol that makes promisify(generateKeyPair) resolve both keys.
    for (const symbol of Object.getOwnPropertySymbols(generate))
      Object.defineProperty(wrapper, symbol, { value: Reflect.get(generate, symbol) })
    return wrapper as unknown as F
  }
  const crypto = {
    ...actual,
    generateKeyPair: counted(actual.generateKeyPair),
    generateKeyPairSync: counted(actual.generateKeyPairSync),
  }
  return { ...crypto, default: crypto }
})

let cacheDir: string
const started: RunningMockAlipay[] = []

async function start(keyCacheDir: string | false): Promise<RunningMockAlipay> {
  const alipay = await startMockAlipay({ keyCacheDir })
  started.push(alipay)
  return alipay
}

beforeAll(async () => {
  cacheDir = join(await mkdtemp(join(tmpdir(), 'mock-alipay-key-cache-')), 'mock-alipay')
  testAppKeys() // the app's pair (testKeyPair), generated before anything is counted
})

afterAll(async () => {
  await Promise.all(started.map((alipay) => alipay.close()))
  await rm(join(cacheDir, '..'), { recursive: true, force: true })
})

describe('the key cache of a start without a data dir', () => {
  it('generates Alipay’s keys and the CA on the first start only; later starts reuse them and start clean', async () => {
    const first = await start(cacheDir)
    expect(generated.count).toBeGreaterThan(0)
    await first.admin.registerApp({
      app_id: '2021000000000401',
      public_key: testAppKeys().publicKeyPem,
    })
    const firstKeys = await first.admin.keys()

    const before = generated.count
    const second = await start(cacheDir)
    expect(generated.count).toBe(before)
    expect(second.alipayPublicKey).toBe(first.alipayPublicKey)
    const secondKeys = await second.admin.keys()
    expect(secondKeys.alipay_root_cert).toBe(firstKeys.alipay_root_cert)
    expect(secondKeys.alipay_cert_sn).toBe(firstKeys.alipay_cert_sn)
    expect(second.engine.snapshot().apps).toEqual([])
  })

  it('keeps the keys private to the user: directory 0700, files 0600', async () => {
    await start(cacheDir)
    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700)
    const key = await stat(join(cacheDir, 'alipay-private-key.pem'))
    expect(key.mode & 0o777).toBe(0o600)
  })

  it('replaces a damaged cache file instead of failing to start', async () => {
    const dir = join(cacheDir, '..', 'damaged')
    const first = await start(dir)
    await writeFile(join(dir, 'alipay-private-key.pem'), 'not a key')
    const second = await start(dir)
    expect(second.alipayPublicKey).not.toBe(first.alipayPublicKey)
    expect(await readFile(join(dir, 'alipay-private-key.pem'), 'utf8')).toContain('PRIVATE KEY')
  })

  it('with keyCacheDir: false generates fresh keys on every start', async () => {
    const first = await start(false)
    const before = generated.count
    const second = await start(false)
    expect(generated.count).toBeGreaterThan(before)
    expect(second.alipayPublicKey).not.toBe(first.alipayPublicKey)
  })

  it('lives in $XDG_CACHE_HOME/mock-alipay, else ~/.cache/mock-alipay', () => {
    expect(KeyCache.defaultDir({ XDG_CACHE_HOME: '/var/cache/me' })).toBe(
      '/var/cache/me/mock-alipay',
    )
    const fallback = join(homedir(), '.cache', 'mock-alipay')
    expect(KeyCache.defaultDir({})).toBe(fallback)
    // The XDG spec says a relative value is invalid and must be ignored.
    expect(KeyCache.defaultDir({ XDG_CACHE_HOME: 'relative' })).toBe(fallback)
  })
})
