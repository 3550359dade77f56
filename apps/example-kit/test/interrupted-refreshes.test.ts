import { AlipayStoreUnavailableError, AppAuth, MemoryStore } from '@alipay-isv/core'
import { sampleMerchantToken, testKeyPair } from '@alipay-isv/core/testing'
import { describe, expect, it } from 'vitest'
import { finishInterruptedRefreshes } from '../src/interrupted-refreshes.js'

const { privateKey, publicKey } = testKeyPair('app')
/** Alipay on a closed port: a refresh left unfinished cannot be finished now. */
const unreachable = 'http://127.0.0.1:9'

async function report(store: MemoryStore): Promise<Array<[string, string]>> {
  const lines: Array<[string, string]> = []
  const auth = new AppAuth({
    appId: '2021000000000000',
    privateKey,
    alipayPublicKey: publicKey,
    gateway: `${unreachable}/gateway.do`,
    redirectUri: `${unreachable}/alipay/callback`,
    store,
  })
  await finishInterruptedRefreshes('example-test', auth, (line, level) => lines.push([level, line]))
  await auth.close()
  return lines
}

describe('the pass over interrupted refreshes at start', () => {
  it('says what it did in one line, refreshes it could not finish counted as failed', async () => {
    const store = new MemoryStore()
    await store.set(sampleMerchantToken('2021000000000001'))
    await store.set(sampleMerchantToken('2021000000000002', { refreshStartedAt: Date.now() }))
    expect(await report(store)).toEqual([
      [
        'info',
        'example-test: interrupted refreshes: 0 finished, 0 need re-authorization, 1 failed',
      ],
    ])
    expect((await store.get('2021000000000002'))?.refreshStartedAt).toBeDefined()
  })

  it('warns, without stopping the app, when the store cannot be read', async () => {
    const store = new MemoryStore()
    store.listPage = () => Promise.reject(new AlipayStoreUnavailableError('Redis is unreachable.'))
    expect(await report(store)).toEqual([
      [
        'warn',
        "example-test: warning: interrupted refreshes could not be looked for now (Redis is unreachable.); they are tried again in the background, and before each merchant's next use",
      ],
    ])
  })
})
