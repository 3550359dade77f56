import { AppAuth, MemoryStore, toPem } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import { type RunningMockAlipay, startMockAlipay } from '@alipay-isv/mock-alipay'
import { AlipaySdk } from 'alipay-sdk'
import { afterAll, beforeAll } from 'vitest'

export type TrustMode = 'public-key' | 'certificate'

/** Past `expires_in` (a year) and within the refresh token's life (`re_expires_in`, 372 days). */
export const PAST_EXPIRY_SECONDS = 366 * 24 * 3600

const REDIRECT_URI = 'http://127.0.0.1/alipay/callback'
let nextApp = 0

/**
 * The emulator on a real port with one ISV app registered (its `token_expiry` enforced, so a
 * token times out), the app's `AppAuth` over a `MemoryStore`, and the official SDK configured
 * like it, in public-key or certificate mode.
 */
export class MerchantWorld {
  private constructor(
    readonly alipay: RunningMockAlipay,
    readonly auth: AppAuth,
    readonly store: MemoryStore,
    readonly appId: string,
    private readonly sdkConfig: ConstructorParameters<typeof AlipaySdk>[0],
  ) {}

  static async start(mode: TrustMode): Promise<MerchantWorld> {
    const alipay = await startMockAlipay({ requestLogSize: 2000 })
    const appId = `20210098${String(process.pid % 1e4).padStart(4, '0')}${String(nextApp++).padStart(4, '0')}`
    const keys = testKeyPair('app')
    const registered = await alipay.admin.registerApp({
      app_id: appId,
      public_key: toPem(keys.publicKey),
      redirect_uri: REDIRECT_URI,
      token_expiry: 'enforce',
    })
    const gateway = `${alipay.url}/gateway.do`
    const privateKey = toPem(keys.privateKey)
    // The SDK reads PKCS#1 unless told `keyType: 'PKCS8'`; core reads either.
    const sdkPrivateKey = keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
    const trust = await trustOptions(alipay, mode, registered.app_cert)
    const store = new MemoryStore()
    const auth = new AppAuth({
      appId,
      privateKey,
      gateway,
      redirectUri: REDIRECT_URI,
      store,
      ...trust.core,
    })
    const sdkConfig = {
      appId,
      privateKey: sdkPrivateKey,
      gateway,
      endpoint: alipay.url,
      ...trust.sdk,
    }
    return new MerchantWorld(alipay, auth, store, appId, sdkConfig)
  }

  /** The official SDK as a user configures it; `camelcase` is its own setting (default true). */
  sdk(options: { camelcase?: boolean } = {}): AlipaySdk {
    return new AlipaySdk({ ...this.sdkConfig, ...options })
  }

  /**
   * A merchant consents (to `authMethods` only, when given) and the app exchanges the code:
   * the merchant's token is in the store. Resolves to the merchant's app id.
   */
  async authorize(authAppId: string, authMethods?: string[]): Promise<string> {
    const { app_auth_code } = (await this.admin('POST', '/authorize', {
      app_id: this.appId,
      user_id: `2088${authAppId.slice(-12)}`,
      auth_app_id: authAppId,
      ...(authMethods && { auth_methods: authMethods }),
    })) as { app_auth_code: string }
    await this.auth.exchangeCode(app_auth_code)
    return authAppId
  }

  /** `POST /__admin/stubs`: how the gateway answers a business call of this app. */
  async stub(stub: Record<string, unknown>): Promise<void> {
    await this.admin('POST', '/stubs', { app_id: this.appId, ...stub })
  }

  /** Moves the emulator's clock only: the app still believes its tokens fresh. */
  async advanceEmulatorClock(seconds: number): Promise<void> {
    await this.alipay.admin.advanceClock(seconds)
  }

  /** How many requests of this app the emulator received with `method` (and `grantType`). */
  async received(method: string, grantType?: string): Promise<number> {
    const entries = await this.alipay.admin.requests()
    return entries.filter(
      (entry) =>
        entry.direction === 'inbound' &&
        entry.method === method &&
        (grantType === undefined || entry.grant_type === grantType),
    ).length
  }

  async stop(): Promise<void> {
    await this.auth.close()
    await this.alipay.close()
  }

  private async admin(method: 'POST', path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${this.alipay.url}/__admin${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return response.json()
  }
}

/** How core and the SDK check the emulator's answers: its public key, or its certificates. */
async function trustOptions(alipay: RunningMockAlipay, mode: TrustMode, appCert = '') {
  if (mode === 'public-key') {
    const alipayPublicKey = alipay.alipayPublicKey
    return { core: { alipayPublicKey }, sdk: { alipayPublicKey } }
  }
  const keys = await alipay.admin.keys()
  const certificates = {
    appCert,
    alipayPublicCert: keys.alipay_public_cert ?? '',
    alipayRootCert: keys.alipay_root_cert ?? '',
  }
  return {
    core: { certificates },
    sdk: {
      appCertContent: certificates.appCert,
      alipayPublicCertContent: certificates.alipayPublicCert,
      alipayRootCertContent: certificates.alipayRootCert,
    },
  }
}

/** Resolves to what `promise` rejected with, or undefined when it resolved. */
export const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )

/** A trade as a stub answers it. */
export const TRADE = {
  out_trade_no: 'T1',
  trade_no: '2025010122001',
  trade_status: 'TRADE_SUCCESS',
}

/** For a describe block: a world started before its tests and stopped after them. */
export function useMerchantWorld(mode: TrustMode): { world: MerchantWorld } {
  const running = {} as { world: MerchantWorld }
  beforeAll(async () => {
    running.world = await MerchantWorld.start(mode)
  }, 60_000)
  afterAll(async () => {
    await running.world?.stop()
  })
  return running
}
