import type { KeyObject } from 'node:crypto'
import { type StateStore, type TokenStore, toPem } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import { type SeededEmulator, startSeededEmulator } from '@alipay-isv/fleet'
import type { RunningMockAlipay } from '../../apps/mock-alipay/src/start.js'
import { formatChinaTime, signV2Params } from '../../packages/core/src/signer/index.js'

/**
 * Registers the benches' ISV app with the emulator under `appId`: core's `testKeyPair('app')`,
 * generated once for the whole bench run. Returns its private key, to sign requests with.
 */
export async function registerBenchApp(
  alipay: Pick<RunningMockAlipay, 'admin'>,
  appId: string,
): Promise<KeyObject> {
  const { privateKey, publicKey } = testKeyPair('app')
  await alipay.admin.registerApp({
    app_id: appId,
    public_key: toPem(publicKey),
    redirect_uri: 'http://127.0.0.1/callback',
  })
  return privateKey
}

/** A v2 gateway request body from `appId`: the common parameters, then `params`, signed. */
export function signedV2Body(
  appId: string,
  params: { method: string } & Record<string, string>,
  privateKey: KeyObject,
): string {
  const all: Record<string, string> = {
    app_id: appId,
    format: 'JSON',
    charset: 'utf-8',
    sign_type: 'RSA2',
    version: '1.0',
    timestamp: formatChinaTime(Date.now()),
    ...params,
  }
  all.sign = signV2Params(all, privateKey)
  return new URLSearchParams(all).toString()
}

/**
 * The emulator with one merchant of `appId` authorized into `store`, answering its
 * `alipay.trade.query` with `response` from a stub: what the benches of calls for a merchant call.
 */
export async function startTradeQueryEmulator(
  appId: string,
  store: TokenStore & StateStore,
  response: Record<string, unknown>,
): Promise<SeededEmulator & { authAppId: string }> {
  const seeded = await startSeededEmulator(
    { appId, merchantCount: 1, refreshGraceSeconds: 60, requestLogSize: 10 },
    store,
  )
  try {
    await seeded.emulator.admin.stub({ app_id: appId, method: 'alipay.trade.query', response })
  } catch (error) {
    await seeded.emulator.close()
    throw error
  }
  return { ...seeded, authAppId: seeded.merchants[0]! }
}
