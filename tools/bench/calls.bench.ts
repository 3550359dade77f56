import { forMerchant } from '@alipay-isv/alipay-sdk'
import { AppAuth, MemoryStore } from '@alipay-isv/core'
import { AlipaySdk } from 'alipay-sdk'
import { ratioResult } from './bench-helpers.js'
import { startTradeQueryEmulator } from './emulator-app.js'
import { concurrentSlice, interleavedRates } from './interleaved.js'
import type { BenchResult } from './types.js'

const APP_ID = '2021009800000024'
const METHOD = 'alipay.trade.query'
const CONCURRENCY = 8
/** A call takes milliseconds (two RSA signatures and two verifications): long slices, few calls cut off. */
const SLICES = { slices: 20, sliceMs: 500 }
const BIZ = { out_trade_no: 'bench-order-1' }
const TRADE = { out_trade_no: 'bench-order-1', trade_status: 'TRADE_SUCCESS' }

/**
 * What calling for a merchant costs over a call made with the token already in hand, against the
 * emulator on loopback (a stubbed alipay.trade.query), the two alternating: `auth.exec` against
 * `AlipayClient.execute`, and `forMerchant(sdk).exec` against `sdk.exec`. The difference is
 * `getToken` (a store read) and the bookkeeping of the call (its event, its counts).
 */
export async function run(): Promise<BenchResult[]> {
  const store = new MemoryStore()
  const seeded = await startTradeQueryEmulator(APP_ID, store, TRADE)
  const { authAppId } = seeded
  const auth = new AppAuth({ ...seeded.app, store })
  try {
    const appAuthToken = await auth.getToken(authAppId)
    const sdk = new AlipaySdk({
      appId: seeded.app.appId,
      privateKey: seeded.app.privateKey,
      keyType: 'PKCS8',
      alipayPublicKey: seeded.app.alipayPublicKey,
      gateway: seeded.app.gateway,
    })
    const merchant = forMerchant(sdk, auth, authAppId)
    const sdkParams = { bizContent: BIZ }
    const core = await interleavedRates(
      [
        concurrentSlice(CONCURRENCY, () => auth.client.execute(METHOD, BIZ, { appAuthToken })),
        concurrentSlice(CONCURRENCY, () => auth.exec(authAppId, METHOD, BIZ)),
      ],
      SLICES,
    )
    const official = await interleavedRates(
      [
        concurrentSlice(CONCURRENCY, () =>
          sdk.exec(METHOD, { ...sdkParams, appAuthToken }, { validateSign: true }),
        ),
        concurrentSlice(CONCURRENCY, () => merchant.exec(METHOD, sdkParams)),
      ],
      SLICES,
    )
    return [
      ratioResult(
        {
          bench: 'calls',
          case: `auth.exec for a merchant, ${CONCURRENCY} at a time`,
          unit: 'calls/s',
          baseline: 'AlipayClient.execute with the token in hand',
        },
        core,
      ),
      ratioResult(
        {
          bench: 'calls',
          case: `forMerchant(sdk).exec, ${CONCURRENCY} at a time`,
          unit: 'calls/s',
          baseline: 'sdk.exec (validateSign) with the token in hand',
        },
        official,
      ),
    ]
  } finally {
    await auth.close()
    await seeded.emulator.close()
  }
}
