import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { toPem } from '@alipay-isv/core'
import type { RegisteredAppInfo, RunningMockAlipay } from '@alipay-isv/mock-alipay'

/** The demo's ISV app id, registered with the emulator on every start. */
export const DEMO_APP_ID = '2021000000000001'

/** The name the consent page shows for the app, as Alipay shows an app's name. */
export const DEMO_APP_NAME = 'Demo ISV app'

/** Files of `.local/demo/`, created once and reused so tokens stored last time still work. */
export interface DemoFiles {
  privateKeyFile: string
  cookieSecret: string
}

export async function demoFiles(dir: string): Promise<DemoFiles> {
  await mkdir(dir, { recursive: true })
  const privateKeyFile = join(dir, 'app-private-key.pem')
  // Not testKeyPair: the demo is a person's, not a test's, and keeps its key across runs.
  await createOnce(privateKeyFile, () =>
    toPem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
  )
  const secretFile = join(dir, 'cookie-secret')
  await createOnce(secretFile, () => randomBytes(32).toString('base64url'))
  return { privateKeyFile, cookieSecret: (await readFile(secretFile, 'utf8')).trim() }
}

async function createOnce(path: string, create: () => string): Promise<void> {
  try {
    await writeFile(path, create(), { flag: 'wx', mode: 0o600 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
}

/**
 * Registers (or re-registers: the admin API replaces) an app named `DEMO_APP_NAME` with its
 * public key and the example's callback and notify URLs (unless `notify: false`), which change
 * with its port. The emulator's CA issues the app a certificate for certificate mode (a new one
 * each time). `tokenExpiry: 'enforce'` makes the emulator refuse a token older than its
 * `expires_in`, as the demo's clock experiment needs.
 */
export function registerExampleApp(
  alipay: RunningMockAlipay,
  app: {
    appId: string
    privateKey: KeyObject
    exampleUrl: string
    notify?: boolean
    tokenExpiry?: 'long_lived' | 'enforce'
  },
): Promise<RegisteredAppInfo> {
  return alipay.admin.registerApp({
    app_id: app.appId,
    app_name: DEMO_APP_NAME,
    token_expiry: app.tokenExpiry,
    public_key: toPem(createPublicKey(app.privateKey)),
    redirect_uri: `${app.exampleUrl}/alipay/callback`,
    notify_url: app.notify === false ? undefined : `${app.exampleUrl}/alipay/notify`,
  })
}
