import type { AppAuthOptions } from '@alipay-isv/core'
import { MockAlipayEngine } from '@alipay-isv/mock-alipay'
import { type ScenarioKeys, scenarioKeys } from './keys.js'
import { authorizationNotifyBody, cancellationNotifyBody } from './notifications.js'

const alipayOrigin = 'http://alipay.scenario.test'
/**
 * The origin of the callback URL the app registers (never the request's Host); scenarios send the
 * browser to the app's real port instead.
 */
export const redirectOrigin = 'http://isv.scenario.test'

export interface ScenarioMerchant {
  userId: string
  authAppId: string
}

export const defaultMerchant: ScenarioMerchant = {
  userId: '2088000000000001',
  authAppId: '2021000000000001',
}

/**
 * One scenario's Alipay (the mock-alipay engine, reached in-process through the app's injected
 * `fetch`), clock and keys. The app and the engine share the manual clock, so "ten minutes
 * later" is `advance(10 * 60_000)` and never a sleep.
 */
export class ScenarioWorld {
  readonly appId = '2021009900000001'
  /** Another ISV app of the same ISV, for a server that serves several. */
  readonly secondAppId = '2021009900000002'
  readonly keys: ScenarioKeys = scenarioKeys()
  #now = Date.parse('2025-06-01T08:00:00Z')
  readonly clock = (): number => this.#now
  readonly engine = new MockAlipayEngine({
    clock: { now: this.clock },
    alipayKeys: {
      privateKey: this.keys.alipay.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKey: this.keys.alipay.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
  })

  readonly fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    this.engine.handle(new Request(input, init))

  advance(ms: number): void {
    this.#now += ms
  }

  /**
   * AppAuth options pointing at this world's Alipay; `callbackPath` is the app's callback route,
   * `appId` the ISV app (registered with this world's Alipay).
   */
  appAuthOptions(callbackPath = '/alipay/callback', appId = this.appId): AppAuthOptions {
    const redirectUri = `${redirectOrigin}${callbackPath}`
    this.engine.registerApp({
      app_id: appId,
      public_key: this.keys.app.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      redirect_uri: redirectUri,
    })
    return {
      appId,
      privateKey: this.keys.app.privateKey,
      alipayPublicKey: this.keys.alipay.publicKey,
      gateway: `${alipayOrigin}/gateway.do`,
      authUrl: `${alipayOrigin}/oauth2/appToAppAuth.htm`,
      redirectUri,
      fetch: this.fetch,
      clock: this.clock,
    }
  }

  /**
   * The merchant approves on the consent page at `authorizeLocation` (the adapter's redirect);
   * returns where Alipay sends the browser next (docs/protocol.md §1 step 2).
   */
  async consent(authorizeLocation: string, merchant = defaultMerchant): Promise<string> {
    const consentPage = new URL(authorizeLocation).searchParams
    return this.#adminAuthorize('consent', {
      app_id: consentPage.get('app_id'),
      user_id: merchant.userId,
      auth_app_id: merchant.authAppId,
      redirect_uri: consentPage.get('redirect_uri'),
      state: consentPage.get('state'),
    })
  }

  /**
   * The merchant consents through an invitation (a console link or QR code): Alipay redirects to
   * the app's registered callback without a state. Returns that callback URL.
   */
  async invitationCallback(merchant = defaultMerchant): Promise<string> {
    return this.#adminAuthorize('invitation consent', {
      app_id: this.appId,
      user_id: merchant.userId,
      auth_app_id: merchant.authAppId,
    })
  }

  /** How many code exchanges reached Alipay (accepted or not). */
  get codeExchanges(): number {
    return this.engine.log.entries().filter((entry) => entry.grant_type === 'authorization_code')
      .length
  }

  /** Alipay's signed authorization notification, for the ISV app `appId`. */
  authorizationNotify(notifyId: string, merchant = defaultMerchant, appId = this.appId): string {
    return authorizationNotifyBody(this.#signer(appId), merchant, notifyId)
  }

  cancellationNotify(notifyId: string, merchant = defaultMerchant): string {
    return cancellationNotifyBody(this.#signer(), merchant, notifyId)
  }

  /** The emulator's consent shortcut with `body`; returns where Alipay sends the browser next. */
  async #adminAuthorize(what: string, body: Record<string, string | null>): Promise<string> {
    const response = await this.fetch(`${alipayOrigin}/__admin/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`${what} failed: ${await response.text()}`)
    return ((await response.json()) as { redirect_url: string }).redirect_url
  }

  #signer(appId = this.appId) {
    return { appId, keys: this.keys, now: this.clock }
  }
}

export { alipayOrigin }
