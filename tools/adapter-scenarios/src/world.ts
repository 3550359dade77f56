import type { AppAuthOptions } from '@alipay-isv/core'
import { FakeAlipayGateway, type ScenarioMerchant } from './fake-alipay.js'
import { type ScenarioKeys, scenarioKeys } from './keys.js'
import { authorizationNotifyBody, cancellationNotifyBody } from './notifications.js'

const alipayOrigin = 'http://alipay.scenario.test'
/** The callback URL the app registers; scenarios send the browser to the app's real port instead. */
const redirectOrigin = 'http://isv.scenario.test'

export const defaultMerchant: ScenarioMerchant = {
  userId: '2088000000000001',
  authAppId: '2021000000000001',
}

/**
 * One scenario's Alipay, clock and keys. The app and the fake Alipay share the manual clock, so
 * "ten minutes later" is `advance(10 * 60_000)` and never a sleep.
 */
export class ScenarioWorld {
  readonly appId = '2021009900000001'
  readonly keys: ScenarioKeys = scenarioKeys()
  readonly gateway = new FakeAlipayGateway(this.appId, this.keys)
  #now = Date.parse('2025-06-01T08:00:00Z')

  readonly clock = (): number => this.#now

  advance(ms: number): void {
    this.#now += ms
  }

  /** AppAuth options pointing at this world's Alipay; `callbackPath` is the app's callback route. */
  appAuthOptions(callbackPath = '/alipay/callback'): AppAuthOptions {
    return {
      appId: this.appId,
      privateKey: this.keys.app.privateKey,
      alipayPublicKey: this.keys.alipay.publicKey,
      gateway: `${alipayOrigin}/gateway.do`,
      authUrl: `${alipayOrigin}/oauth2/appToAppAuth.htm`,
      redirectUri: `${redirectOrigin}${callbackPath}`,
      fetch: this.gateway.fetch,
      clock: this.clock,
    }
  }

  /**
   * The merchant approves on the consent page at `authorizeLocation` (the adapter's redirect);
   * returns where Alipay sends the browser next (SPEC §1 step 2).
   */
  consent(authorizeLocation: string, merchant: ScenarioMerchant = defaultMerchant): string {
    const consentPage = new URL(authorizeLocation)
    const redirectUri = consentPage.searchParams.get('redirect_uri')
    if (!redirectUri) throw new Error(`no redirect_uri in ${authorizeLocation}`)
    const callback = new URL(redirectUri)
    callback.searchParams.set('app_id', consentPage.searchParams.get('app_id') ?? '')
    callback.searchParams.set('source', 'alipay_app_auth')
    callback.searchParams.set('app_auth_code', this.gateway.issueCode(merchant))
    callback.searchParams.set('state', consentPage.searchParams.get('state') ?? '')
    return callback.toString()
  }

  authorizationNotify(notifyId: string, merchant: ScenarioMerchant = defaultMerchant): string {
    return authorizationNotifyBody(this.#signer(), merchant, notifyId)
  }

  cancellationNotify(notifyId: string, merchant: ScenarioMerchant = defaultMerchant): string {
    return cancellationNotifyBody(this.#signer(), merchant, notifyId)
  }

  #signer() {
    return { appId: this.appId, keys: this.keys, now: this.clock }
  }
}

export { alipayOrigin }
