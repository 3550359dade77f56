import { forMerchant } from '@alipay-isv/alipay-sdk'
import { AppAuth, MemoryStore } from '@alipay-isv/core'
import { startSeededEmulator } from '@alipay-isv/fleet'
import { AlipaySdk } from 'alipay-sdk'
import { ratioResult } from './bench-helpers.js'
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
  const seeded = await startSeededEmulator(
    { appId: APP_ID, merchantCount: 1, refreshGraceSeconds: 60, requestLogSize: 10 },
    store,
  )
  const auth = new AppAuth({ ...seeded.app, store })
  try {
    await stub(seeded.emulator.url, { app_id: APP_ID, method: METHOD, response: TRADE })
    const authAppId = seeded.merchants[0]!
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

/** `POST /__admin/stubs`: how the emulator's gateway answers the business call. */
async function stub(emulatorUrl: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${emulatorUrl}/__admin/stubs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!response.ok)
    throw new Error(`POST /__admin/stubs: ${response.status} ${await response.text()}`)
}
