import { mkdtemp, realpath, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsumerProject, installConsumerProject } from '../src/consumer-project.js'
import { type InstalledEmulator, startInstalledEmulator } from '../src/emulator-bin.js'
import { lastLineOf, nodeTest, typeCheck } from '../src/node-scripts.js'

/** Every entry point users load, with names each must export whichever way it is loaded. */
const ENTRY_POINTS: Record<string, string[]> = {
  '@alipay-isv/alipay-sdk': ['forMerchant'],
  '@alipay-isv/core': ['AlipayError', 'AlipayRouteError', 'AppAuth', 'FileStore', 'MemoryStore'],
  '@alipay-isv/core/adapter': ['completeCallback', 'resolveAdapterOptions', 'routeErrorFor'],
  '@alipay-isv/core/mysql': ['MySqlStore'],
  '@alipay-isv/core/postgres': ['PostgresStore'],
  '@alipay-isv/core/redis': ['RedisStore'],
  '@alipay-isv/core/signer': ['signV2Params', 'verifyNotify'],
  '@alipay-isv/core/testing': ['describeStoreConformance'],
  '@alipay-isv/fastify': ['alipayAuth', 'default'],
  '@alipay-isv/koa': ['alipayAuth'],
  '@alipay-isv/mock-alipay': ['MockAlipayEngine', 'startMockAlipay'],
  '@alipay-isv/mock-alipay/msw': ['createMockAlipayHandlers'],
}
const INSTALL_TIMEOUT_MS = 180_000
/** tsc over a consumer project: seconds on a quiet machine, a minute on a loaded one. */
const TYPE_CHECK_TIMEOUT_MS = 120_000

let root: string
let project: ConsumerProject

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'alipay-isv-pack-smoke-'))
  project = await installConsumerProject(root)
}, INSTALL_TIMEOUT_MS)

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true })
})

describe('the published packages, packed and installed into a project outside the workspace', () => {
  it('are installed from their tarballs, not linked to the workspace', async () => {
    for (const name of project.packages) {
      const installed = await realpath(join(project.dir, 'node_modules', name))
      expect(installed.startsWith(`${project.dir}${sep}node_modules${sep}.pnpm${sep}`), name).toBe(
        true,
      )
    }
  })

  it('load with import and with require, exporting the same names either way', async () => {
    const specifiers = Object.keys(ENTRY_POINTS)
    const imported = JSON.parse(await lastLineOf(project.dir, 'entrypoints.mjs', specifiers))
    const required = JSON.parse(await lastLineOf(project.dir, 'entrypoints.cjs', specifiers))
    for (const [specifier, names] of Object.entries(ENTRY_POINTS)) {
      expect(imported[specifier], specifier).toEqual(expect.arrayContaining(names))
      expect(required[specifier], specifier).toEqual(imported[specifier])
    }
  })

  it(
    'type-check an ESM TypeScript consumer against the declarations they ship',
    async () => {
      expect(await typeCheck(project.dir, 'tsconfig.json')).toBe('')
    },
    TYPE_CHECK_TIMEOUT_MS,
  )

  it(
    'type-check a CommonJS TypeScript consumer against the declarations they ship',
    async () => {
      expect(await typeCheck(project.dir, 'tsconfig.cjs.json')).toBe('')
    },
    TYPE_CHECK_TIMEOUT_MS,
  )

  it('run the store conformance suite of /testing under node:test, without vitest', async () => {
    const report = await nodeTest(project.dir, 'store-conformance.test.mjs')
    expect(report).toMatch(/^# fail 0$/m)
    expect(Number(/^# pass (\d+)$/m.exec(report)?.[1])).toBeGreaterThan(20)
  })
})

describe('one authorization per adapter, and a call for a merchant, against the emulator started from its installed bin', () => {
  let emulator: InstalledEmulator

  beforeAll(async () => {
    emulator = await startInstalledEmulator(project.dir)
  })

  afterAll(async () => {
    await emulator?.stop()
  })

  it('leave @opentelemetry/api out (an optional peer), so the authorizations below run without it', async () => {
    const result = JSON.parse(await lastLineOf(project.dir, 'opentelemetry-absent.mjs'))
    expect(result).toEqual({ openTelemetryApiResolves: false })
  })

  it('the bin announces where it listens on its first line', () => {
    expect(emulator.firstLine).toMatch(/^mock-alipay listening on http:\/\/127\.0\.0\.1:\d+$/)
  })

  it.each([
    ['Fastify plugin', 'authorize-fastify.mjs', '2021000000000101'],
    ['Koa middleware', 'authorize-koa.mjs', '2021000000000202'],
  ])(
    'the %s completes the callback and holds a token for the merchant',
    async (_, script, authAppId) => {
      const result = JSON.parse(await lastLineOf(project.dir, script, [emulator.url]))
      expect(result).toEqual({ callbackStatus: 200, merchants: [{ authAppId, hasToken: true }] })
    },
  )

  it('@alipay-isv/alipay-sdk calls a stubbed API for the merchant through the official SDK', async () => {
    const result = JSON.parse(
      await lastLineOf(project.dir, 'call-for-merchant.mjs', [emulator.url]),
    )
    expect(result).toEqual({ code: '10000', tradeStatus: 'TRADE_SUCCESS' })
  })
})
