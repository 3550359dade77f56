import assert from 'node:assert/strict'
import { ScenarioBrowser } from '../browser.js'
import { type AdapterScenario, authorizeAndConsent, type ScenarioContext } from '../context.js'
import { storeBytes, storeSize, withFileStore } from '../file-store.js'

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
        const size = () => storeSize(dir)
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
