import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RegisteredAppInfo, RunningMockAlipay } from '@alipay-isv/mock-alipay'

/** How the example checks Alipay's answers: with Alipay's public key, or with certificates. */
export type TrustModeName = 'public-key' | 'certificate'

/**
 * Writes what the example needs to trust the emulator into `dir` and returns the variables that
 * name the files. Certificate mode writes the three files the Alipay console gives, under the
 * console's names, here issued by the emulator's CA: the app's (from its registration), Alipay's
 * and the root (`GET /__admin/keys`).
 */
export async function writeTrustFiles(
  dir: string,
  alipay: RunningMockAlipay,
  registered: RegisteredAppInfo,
  mode: TrustModeName,
): Promise<Record<string, string>> {
  if (mode === 'public-key') {
    const file = join(dir, 'alipay-public-key.pem')
    await writeFile(file, alipay.alipayPublicKey)
    return { ALIPAY_PUBLIC_KEY_FILE: file }
  }
  const keys = await alipay.admin.keys()
  const files: Record<string, [file: string, pem: string | undefined]> = {
    ALIPAY_APP_CERT_FILE: [`appCertPublicKey_${registered.app_id}.crt`, registered.app_cert],
    ALIPAY_PUBLIC_CERT_FILE: ['alipayCertPublicKey_RSA2.crt', keys.alipay_public_cert],
    ALIPAY_ROOT_CERT_FILE: ['alipayRootCert.crt', keys.alipay_root_cert],
  }
  const env: Record<string, string> = {}
  for (const [variable, [name, pem]] of Object.entries(files)) {
    if (pem === undefined) {
      throw new Error(`mock-alipay runs without a certificate authority: it gave no ${name}.`)
    }
    env[variable] = join(dir, name)
    await writeFile(join(dir, name), pem)
  }
  return env
}
