import type { AppAuthOptions, Clock } from '@alipay-isv/core'
import type { RunningMockAlipay } from '@alipay-isv/mock-alipay'
import { scenarioKeys } from './keys.js'

export interface EmulatorAppSettings {
  appId: string
  /** Where the adapter listens, e.g. `http://127.0.0.1:40123`; its routes at the default `/alipay`. */
  appUrl: string
  /** The app's clock; end-to-end tests move it together with the emulator's. */
  clock: Clock
}

/**
 * For end-to-end tests: registers an ISV app with a running emulator (its callback and notify
 * URLs at the adapter's default routes on `appUrl`) and returns the AppAuth options that talk to
 * that emulator over HTTP.
 */
export async function registerEmulatorApp(
  alipay: RunningMockAlipay,
  { appId, appUrl, clock }: EmulatorAppSettings,
): Promise<AppAuthOptions> {
  const { app } = scenarioKeys()
  const redirectUri = `${appUrl}/alipay/callback`
  await alipay.admin.registerApp({
    app_id: appId,
    public_key: app.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    redirect_uri: redirectUri,
    notify_url: `${appUrl}/alipay/notify`,
  })
  return {
    appId,
    privateKey: app.privateKey,
    alipayPublicKey: alipay.alipayPublicKey,
    gateway: `${alipay.url}/gateway.do`,
    authUrl: `${alipay.url}/oauth2/appToAppAuth.htm`,
    redirectUri,
    clock,
  }
}
