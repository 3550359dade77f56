import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileStore } from '@alipay-isv/core'
import { ScenarioBrowser } from '../browser.js'
import {
  type AdapterScenario,
  authorizeAndConsent,
  type ScenarioContext,
  withApp,
} from '../context.js'
import type { AdapterHarness } from '../harness.js'

/** Every byte of a store's directory, file by file. */
async function storeBytes(dir: string): Promise<Array<[string, Buffer]>> {
  const files = (await readdir(dir)).sort()
  return Promise.all(
    files.map(async (file): Promise<[string, Buffer]> => [file, await readFile(join(dir, file))]),
  )
}

/** The adapter over a FileStore in a fresh directory, closed and removed afterwards. */
async function withFileStore(
  harness: AdapterHarness,
  body: (context: ScenarioContext, dir: string) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'alipay-scenario-store-'))
  let store: FileStore | undefined
  try {
    await withApp(
      harness,
      async (world) => {
        store = await FileStore.open({ dir, clock: world.clock })
        return { ...world.appAuthOptions(), store }
      },
      (context) => body(context, dir),
    )
  } finally {
    await store?.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** Callback URLs a visitor can send, each refused, built from a genuine pending one. */
function refusedRequests(
  genuine: string,
  context: ScenarioContext,
): Array<[string, ScenarioBrowser]> {
  const tampered = (change: (url: URL) => void) => {
    const url = new URL(genuine)
    change(url)
    return url.toString()
  }
  const stranger = new ScenarioBrowser(context.app.baseUrl)
  const { browser } = context
  return [
    [tampered((url) => url.searchParams.set('app_auth_code', 'A'.repeat(8000))), browser],
    [tampered((url) => url.searchParams.set('app_auth_code', 'code%00with\u0000nul')), browser],
    [tampered((url) => url.searchParams.set('state', 'forged-state-0123456789abcdef')), browser],
    [tampered((url) => url.searchParams.set('state', 'S'.repeat(8000))), browser],
    [tampered((url) => url.searchParams.delete('state')), browser],
    [tampered((url) => url.searchParams.delete('app_id')), browser],
    [tampered((url) => url.searchParams.set('source', 'elsewhere')), browser],
    [genuine, stranger],
  ]
}

export const refusalsWriteNothingScenarios: AdapterScenario[] = [
  {
    name: 'refused callbacks (oversized and malformed codes, forged states, no cookie) leave the store unchanged byte for byte, and the genuine one then succeeds',
    run: (harness) =>
      withFileStore(harness, async (context, dir) => {
        const genuine = await authorizeAndConsent(context)
        const before = await storeBytes(dir)
        for (const [url, browser] of refusedRequests(genuine, context)) {
          const response = await browser.get(url)
          assert.equal(response.status, 400, `${url.slice(0, 120)} should be refused`)
        }
        assert.deepEqual(await storeBytes(dir), before)
        assert.equal(context.world.codeExchanges, 0)
        assert.equal((await context.browser.get(genuine)).status, 200)
      }),
  },
  {
    name: 'a burst of 2,000 refused callbacks leaves the store’s size unchanged',
    run: (harness) =>
      withFileStore(harness, async (context, dir) => {
        const genuine = await authorizeAndConsent(context)
        const requests = refusedRequests(genuine, context)
        const size = async () =>
          (await storeBytes(dir)).reduce((total, [, bytes]) => total + bytes.length, 0)
        const before = await size()
        for (let sent = 0; sent < 2000; sent += 50) {
          const batch = Array.from({ length: 50 }, (_, i) => requests[(sent + i) % requests.length])
          const responses = await Promise.all(batch.map((request) => request?.[1].get(request[0])))
          for (const response of responses) assert.equal(response?.status, 400)
        }
        assert.equal(await size(), before)
        assert.equal(context.world.codeExchanges, 0)
      }),
  },
]
