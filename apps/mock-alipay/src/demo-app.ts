import { createPrivateKey, createPublicKey } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { toPem } from '@alipay-isv/core'
import { writeJsonAtomically } from './persistence.js'
import type { RunningMockAlipay } from './start.js'

const DEMO_APP_ID = '2021000000000001'
// Where the example apps listen by default (docs/architecture.md "Examples"); re-register to
// change.
const EXAMPLE_URL = 'http://127.0.0.1:3000'

/** Where the demo app's credentials are, and the environment an example app needs to use them. */
export interface DemoAppCredentials {
  app_id: string
  private_key_file: string
  alipay_public_key_file: string
  env: Record<string, string>
}

/**
 * A ready-to-use ISV app for a clean start: its private key is written to a file in `dir` (never
 * printed), and the app is registered with the emulator, which keeps it on reset. The key comes
 * from `newPrivateKey` the first time (the key cache, or generation); in a data dir the same file
 * is reused on every start.
 */
export interface DemoApp {
  /** `demo-app.json`: the credentials below. */
  file: string
  credentials: DemoAppCredentials
}

export async function ensureDemoApp(
  alipay: RunningMockAlipay,
  dir: string,
  newPrivateKey: () => Promise<string>,
): Promise<DemoApp> {
  const privateKeyFile = join(dir, 'demo-app-private-key.pem')
  const alipayPublicKeyFile = join(dir, 'alipay-public-key.pem')
  const privateKeyPem = await readOrCreatePrivateKey(privateKeyFile, newPrivateKey)
  const registered = alipay.engine.snapshot().apps.find((app) => app.app_id === DEMO_APP_ID)
  if (!registered) {
    const publicKey = toPem(createPublicKey(createPrivateKey(privateKeyPem)))
    // Kept on reset: the banner has just told its reader to use it.
    alipay.engine.registerApp(
      {
        app_id: DEMO_APP_ID,
        app_name: 'Demo ISV app',
        public_key: publicKey,
        redirect_uri: `${EXAMPLE_URL}/alipay/callback`,
        notify_url: `${EXAMPLE_URL}/alipay/notify`,
      },
      { keepOnReset: true },
    )
  }
  await writeFile(alipayPublicKeyFile, alipay.alipayPublicKey)
  const credentials: DemoAppCredentials = {
    app_id: DEMO_APP_ID,
    private_key_file: privateKeyFile,
    alipay_public_key_file: alipayPublicKeyFile,
    // The variables the example apps read (docs/architecture.md "Examples").
    env: {
      ALIPAY_APP_ID: DEMO_APP_ID,
      ALIPAY_PRIVATE_KEY_FILE: privateKeyFile,
      ALIPAY_PUBLIC_KEY_FILE: alipayPublicKeyFile,
      ALIPAY_GATEWAY: `${alipay.url}/gateway.do`,
      ALIPAY_AUTH_URL: `${alipay.url}/oauth2/appToAppAuth.htm`,
      ALIPAY_REDIRECT_URI: registered?.redirect_uri ?? `${EXAMPLE_URL}/alipay/callback`,
    },
  }
  const file = join(dir, 'demo-app.json')
  await writeJsonAtomically(file, credentials)
  return { file, credentials }
}

async function readOrCreatePrivateKey(
  path: string,
  newPrivateKey: () => Promise<string>,
): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const pem = await newPrivateKey()
  await writeFile(path, pem, { mode: 0o600 })
  return pem
}
