import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { Clock } from '../clock.js'
import { TokenCipher } from '../token-encryption/token-cipher.js'
import { claimCases } from './claim-cases.js'
import { manualClock } from './manual-clock.js'
import { pageCases } from './page-cases.js'
import { rawContentsCases } from './raw-contents-cases.js'
import { MINUTE, sampleMerchantToken, T0 } from './sample-records.js'
import { sealedView } from './sealed-view.js'
import { stateCases, statePeekCases } from './state-cases.js'
import type {
  ConformanceOptions,
  ConformingStore,
  StoreCases,
  StoreUnderTest,
  TestRunner,
} from './store-under-test.js'
import { tokenCases } from './token-cases.js'
import { tokenExpiryCases } from './token-expiry-cases.js'

/** Once closed, a store refuses everything, and closing it again is harmless. */
const closeCases: StoreCases = (it, subject) => {
  it('resolves, also when called a second time', async () => {
    await subject.store.set(sampleMerchantToken('2021000000000001'))
    await subject.store.close()
    assert.equal(await subject.store.close(), undefined)
  })

  it('makes later reads and writes reject', async () => {
    await subject.store.close()
    await assert.rejects(subject.store.get('2021000000000001'))
    await assert.rejects(subject.store.set(sampleMerchantToken('2021000000000001')))
    await assert.rejects(subject.store.listPage({ limit: 10 }))
    await assert.rejects(subject.store.take('state-1'))
    await assert.rejects(subject.store.peek('state-1'))
    await assert.rejects(subject.store.isClaimed('code-1'))
    await assert.rejects(subject.store.claim('code-1', MINUTE))
  })
}

/** The app id the encrypted run binds its tokens to, as `AppAuth` binds them to its own. */
const APP_ID = '2021000000000000'

/**
 * Registers the tests every TokenStore + StateStore must pass, with your runner's functions.
 * `makeStore` gets the clock the tests move, and must return an empty store each time. The token
 * tests run twice: as given, and through the encryption `AppAuth` applies with `tokenKeys`; with
 * `options.rawContents`, the second run also checks that no token is persisted in plaintext.
 */
export function describeStoreConformance(
  name: string,
  makeStore: (clock: Clock) => Promise<ConformingStore>,
  runner: TestRunner,
  options: ConformanceOptions = {},
): void {
  const { describe, it, beforeEach, afterEach } = runner
  const { rawContents } = options
  const cipher = new TokenCipher(APP_ID, [{ id: 'conformance', key: randomBytes(32) }])
  let clock = manualClock(T0)
  let current: ConformingStore | undefined
  /** The current store seen through the cipher, in the encrypted run. */
  let sealed: ConformingStore | undefined
  const madeStore = () => {
    if (current === undefined) throw new Error('the store is made before each test')
    return current
  }
  const subject: StoreUnderTest = {
    get store() {
      return sealed ?? madeStore()
    },
    advance: (ms) => {
      clock.advance(ms)
    },
    rawContents: rawContents && (() => rawContents(madeStore())),
  }
  describe(`${name} (store conformance)`, () => {
    beforeEach(async () => {
      clock = manualClock(T0)
      sealed = undefined
      current = await makeStore(clock)
    })
    afterEach(async () => {
      await current?.close()
      current = undefined
    })
    describe('tokens', () => {
      tokenCases(it, subject)
      tokenExpiryCases(it, subject)
    })
    describe('paging merchants', () => pageCases(it, subject))
    describe('authorization states', () => stateCases(it, subject))
    describe('peeking at states', () => statePeekCases(it, subject))
    describe('claims', () => claimCases(it, subject))
    describe('close', () => closeCases(it, subject))
    describe('tokens, encrypted as with tokenKeys', () => {
      beforeEach(async () => {
        if (current) sealed = sealedView(current, cipher)
      })
      tokenCases(it, subject)
      tokenExpiryCases(it, subject)
      if (rawContents) rawContentsCases(it, subject)
    })
  })
}
